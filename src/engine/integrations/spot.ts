import { accountBaseUrl } from './httpClient';
import { expandPath } from './operationActions';
import type { HttpResponse, IntegrationDefinition } from './types';

/** Spot API base URL; an account's `baseUrl` replaces it, such as in tests. */
export const SPOT_API_URL = 'https://api.spotinst.io';

/** The envelope of every Spot API reply: `{ request, response: { status, items, errors } }`. */
interface SpotEnvelope {
	response?: {
		status?: { code?: number; message?: string };
		items?: unknown[];
		count?: number;
		errors?: { code?: string; message?: string }[];
	};
}

function itemsOf(body: unknown): unknown[] {
	return (body as SpotEnvelope)?.response?.items ?? [];
}

function listOutput({ body }: HttpResponse) {
	const items = itemsOf(body);
	return { items, count: items.length };
}

function spotErrors(body: unknown): string | undefined {
	const errors = (body as SpotEnvelope)?.response?.errors;
	if (!Array.isArray(errors) || errors.length === 0) {
		return undefined;
	}
	return errors.map((error) => [error.code, error.message].filter(Boolean).join(': ')).join('; ');
}

const groupInput = {
	groupId: { type: 'string', title: 'Elastigroup id', description: 'Such as sig-1234abcd.' },
};

const adjustmentInput = {
	adjustment: {
		type: 'integer',
		minimum: 1,
		title: 'Adjustment',
		description: 'Number of instances (or capacity units) to add or remove.',
	},
};

const sampleGroup = {
	id: 'sig-1234abcd',
	name: 'web-workers',
	region: 'us-east-1',
	capacity: { minimum: 1, maximum: 10, target: 3, unit: 'instance' },
	createdAt: '2026-01-05T09:00:00.000Z',
	updatedAt: '2026-01-05T09:00:00.000Z',
};

/**
 * Spot by NetApp: Elastigroups and Ocean clusters on AWS. Every call carries the account's
 * token as a bearer token and its Spot account id as the `accountId` query param.
 */
export const spotIntegration: IntegrationDefinition = {
	id: 'spot',
	name: 'Spot by NetApp',
	icon: 'rocket',
	auth: [
		{
			kind: 'bearer',
			label: 'API token',
			fields: [
				{ name: 'token', label: 'API token', secret: true },
				{ name: 'accountId', label: 'Spot account id', description: 'Such as act-12345678.' },
				{
					name: 'baseUrl',
					label: 'API base URL',
					optional: true,
					description: `Defaults to ${SPOT_API_URL}.`,
				},
			],
		},
	],
	http: {
		baseUrl: (account) => accountBaseUrl(account, SPOT_API_URL),
		query: (account) => ({ accountId: account.fields.accountId }),
		errorDetail: spotErrors,
	},
	operations: [
		{
			id: 'listElastigroups',
			name: 'List Elastigroups',
			description: 'Lists the AWS Elastigroups of the Spot account and outputs them as items.',
			inputs: { properties: {} },
			sampleOutput: { items: [sampleGroup], count: 1 },
			request: () => ({ method: 'GET', path: '/aws/ec2/group' }),
			output: listOutput,
		},
		{
			id: 'getElastigroup',
			name: 'Get Elastigroup',
			description: 'Outputs one Elastigroup with its capacity, compute and strategy settings.',
			inputs: { properties: { ...groupInput }, required: ['groupId'] },
			sampleOutput: sampleGroup,
			request: (params) => ({
				method: 'GET',
				path: expandPath('/aws/ec2/group/{groupId}', params),
			}),
			output: ({ body }) => itemsOf(body)[0] ?? null,
		},
		{
			id: 'scaleUp',
			name: 'Scale Up Elastigroup',
			description: 'Adds instances to an Elastigroup and outputs what Spot reports as started.',
			inputs: {
				properties: { ...groupInput, ...adjustmentInput },
				required: ['groupId', 'adjustment'],
			},
			sampleOutput: {
				groupId: 'sig-1234abcd',
				adjustment: 1,
				items: [{ instanceId: 'i-0abc1234def567890', availabilityZone: 'us-east-1a' }],
			},
			defaultParams: { adjustment: 1 },
			request: (params) => ({
				method: 'PUT',
				path: expandPath('/aws/ec2/group/{groupId}/scale/up', params),
				query: { adjustment: params.adjustment },
			}),
			output: ({ body }, params) => ({
				groupId: params.groupId,
				adjustment: params.adjustment,
				items: itemsOf(body),
			}),
		},
		{
			id: 'scaleDown',
			name: 'Scale Down Elastigroup',
			description:
				'Removes instances from an Elastigroup and outputs what Spot reports as stopped.',
			inputs: {
				properties: { ...groupInput, ...adjustmentInput },
				required: ['groupId', 'adjustment'],
			},
			sampleOutput: {
				groupId: 'sig-1234abcd',
				adjustment: 1,
				items: [{ instanceId: 'i-0abc1234def567890' }],
			},
			defaultParams: { adjustment: 1 },
			request: (params) => ({
				method: 'PUT',
				path: expandPath('/aws/ec2/group/{groupId}/scale/down', params),
				query: { adjustment: params.adjustment },
			}),
			output: ({ body }, params) => ({
				groupId: params.groupId,
				adjustment: params.adjustment,
				items: itemsOf(body),
			}),
		},
		{
			id: 'listOceanClusters',
			name: 'List Ocean Clusters',
			description: 'Lists the Ocean for Kubernetes clusters on AWS and outputs them as items.',
			inputs: { properties: {} },
			sampleOutput: {
				items: [
					{
						id: 'o-1234abcd',
						name: 'prod-cluster',
						controllerClusterId: 'prod-cluster',
						region: 'us-east-1',
						capacity: { minimum: 0, maximum: 100, target: 5 },
					},
				],
				count: 1,
			},
			request: () => ({ method: 'GET', path: '/ocean/aws/k8s/cluster' }),
			output: listOutput,
		},
	],
	async test(call) {
		const response = await call.request({ method: 'GET', path: '/setup/account' });
		const accounts = itemsOf(response.body) as { accountId?: string; name?: string }[];
		const own = accounts.find((item) => item.accountId === call.account?.fields.accountId);
		return own
			? `The token reaches Spot account ${own.accountId} (${own.name ?? 'no name'}).`
			: `The token works and sees ${accounts.length} Spot account(s), but not ${call.account?.fields.accountId ?? ''}.`;
	},
	webhookSource: {
		id: 'spot',
		name: 'Spot event',
		sampleHeaders: { 'content-type': 'application/json' },
		// NOTE: Spot's "web" notifications send the body their subscription's eventFormat sets,
		// so a real request may have other fields than this sample.
		sampleBody: {
			event: 'AWS_EC2_INSTANCE_LAUNCH',
			resourceId: 'sig-1234abcd',
			resourceName: 'web-workers',
			accountId: 'act-12345678',
			instanceId: 'i-0abc1234def567890',
			timestamp: '2026-01-05T09:00:00.000Z',
		},
	},
};
