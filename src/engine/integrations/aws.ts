import type { AccountData } from '../../shared/accounts';
import { CancellationError, OperationalError, UserError } from '../../shared/errors';
import type { IntegrationDefinition, OperationCall } from './types';

/** Attempts the AWS SDK makes per call, retries of throttling and 5xx replies included. */
export const AWS_MAX_ATTEMPTS = 3;

/** Client settings shared by every AWS client: region, credentials, endpoint and limits. */
function clientConfig(call: OperationCall) {
	const fields = (call.account as AccountData).fields;
	const endpoint = fields.endpoint?.trim() || undefined;
	return {
		region: fields.region,
		endpoint,
		credentials: {
			accessKeyId: fields.accessKeyId,
			secretAccessKey: fields.secretAccessKey,
			sessionToken: fields.sessionToken || undefined,
		},
		maxAttempts: AWS_MAX_ATTEMPTS,
		requestHandler: {
			requestTimeout: call.timeoutMs,
			connectionTimeout: call.timeoutMs,
			throwOnRequestTimeout: true,
		},
	};
}

/** Errors the SDK raises, as far as the mapping below reads them. */
interface SdkError {
	name?: string;
	message?: string;
	code?: string;
	$fault?: 'client' | 'server';
	$metadata?: { httpStatusCode?: number; requestId?: string };
}

const UNAUTHORIZED = new Set([
	'AccessDenied',
	'AccessDeniedException',
	'AuthFailure',
	'AuthorizationError',
	'InvalidAccessKeyId',
	'InvalidClientTokenId',
	'SignatureDoesNotMatch',
	'UnauthorizedOperation',
	'ExpiredToken',
]);

const THROTTLED = new Set([
	'Throttling',
	'ThrottlingException',
	'RequestLimitExceeded',
	'SlowDown',
]);

/** Sends one SDK command and turns SDK errors into Wireflow errors with stable codes. */
async function sendCommand<T>(
	label: string,
	call: OperationCall,
	send: () => Promise<T>,
): Promise<T> {
	try {
		return await send();
	} catch (error) {
		if (call.signal.aborted) {
			throw call.signal.reason ?? new CancellationError();
		}
		throw awsError(label, error as SdkError);
	}
}

/** Returns the integration error code of an AWS SDK error, and the advice its message ends with. */
function classifyAwsError(error: SdkError): { code: string; advice: string } {
	const status = error.$metadata?.httpStatusCode;
	const name = error.name ?? 'Error';
	if (UNAUTHORIZED.has(name) || status === 401 || status === 403) {
		return {
			code: 'integration_unauthorized',
			advice:
				'Check the access key, secret and permissions of the account; the Wireflow: Test Account command checks them.',
		};
	}
	if (status === 404 || /NotFound|NoSuch/.test(name)) {
		return {
			code: 'integration_not_found',
			advice: "Check the names and ids in the node's params.",
		};
	}
	if (THROTTLED.has(name) || status === 429) {
		return {
			code: 'integration_rate_limited',
			advice: `The SDK made ${AWS_MAX_ATTEMPTS} attempts. Retry later, or give the node a retry policy.`,
		};
	}
	if (name === 'TimeoutError' || error.code === 'ETIMEDOUT' || name === 'RequestTimeout') {
		return { code: 'integration_timeout', advice: `Retry later, or raise the node's "timeoutMs".` };
	}
	if (status === undefined) {
		return {
			code: 'integration_request_failed',
			advice: 'Check the region and the endpoint of the account.',
		};
	}
	// A 2xx that still failed could not be read, such as malformed XML.
	if (status >= 200 && status <= 299) {
		return { code: 'integration_invalid_response', advice: '' };
	}
	return { code: 'integration_http_status', advice: '' };
}

/** Maps an AWS SDK error to the integration error codes every integration uses. */
export function awsError(label: string, error: SdkError): OperationalError {
	const { code, advice } = classifyAwsError(error);
	const name = error.name ?? 'Error';
	// SDK messages may run over several lines and end in a period; the first line is enough.
	const firstLine = (error.message ?? '').split('\n')[0].replace(/\.+$/, '');
	const reason =
		error.code && !error.$metadata?.httpStatusCode ? error.code : `${name}: ${firstLine}`;
	return new OperationalError(code, `${label} failed: ${reason}. ${advice}`.trim(), {
		status: error.$metadata?.httpStatusCode,
		awsError: name,
		requestId: error.$metadata?.requestId,
	});
}

function stringList(value: unknown): string[] {
	if (Array.isArray(value)) {
		return value.map(String);
	}
	return typeof value === 'string' ? [value] : [];
}

function requireList(value: unknown, name: string): string[] {
	const list = stringList(value);
	if (list.length === 0) {
		throw new UserError(
			'missing_input',
			`The param "${name}" is empty; give at least one id, such as ["i-0abc1234def567890"].`,
		);
	}
	return list;
}

async function snsPublish(call: OperationCall) {
	const { SNSClient, PublishCommand } = await import('@aws-sdk/client-sns');
	const { params } = call;
	const client = new SNSClient(clientConfig(call));
	const attributes = Object.entries((params.messageAttributes ?? {}) as Record<string, unknown>);
	try {
		const result = await sendCommand('AWS SNS Publish', call, () =>
			client.send(
				new PublishCommand({
					TopicArn: String(params.topicArn),
					Message:
						typeof params.message === 'string' ? params.message : JSON.stringify(params.message),
					Subject: params.subject as string | undefined,
					MessageGroupId: params.messageGroupId as string | undefined,
					MessageDeduplicationId: params.messageDeduplicationId as string | undefined,
					MessageAttributes:
						attributes.length > 0
							? Object.fromEntries(
									attributes.map(([name, value]) => [
										name,
										{ DataType: 'String', StringValue: String(value) },
									]),
								)
							: undefined,
				}),
				{ abortSignal: call.signal },
			),
		);
		return { messageId: result.MessageId, sequenceNumber: result.SequenceNumber ?? null };
	} finally {
		client.destroy();
	}
}

async function s3Client(call: OperationCall) {
	const s3 = await import('@aws-sdk/client-s3');
	const config = clientConfig(call);
	// Local S3 endpoints have no bucket subdomains, so the bucket goes in the path.
	return {
		s3,
		client: new s3.S3Client({ ...config, forcePathStyle: config.endpoint !== undefined }),
	};
}

async function s3GetObject(call: OperationCall) {
	const { s3, client } = await s3Client(call);
	const { bucket, key, format } = call.params as { bucket: string; key: string; format?: string };
	try {
		const result = await sendCommand('AWS S3 Get Object', call, () =>
			client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }), {
				abortSignal: call.signal,
			}),
		);
		const bytes = result.Body ? await result.Body.transformToByteArray() : new Uint8Array();
		return {
			bucket,
			key,
			contentType: result.ContentType ?? null,
			contentLength: result.ContentLength ?? bytes.length,
			etag: result.ETag ?? null,
			lastModified: result.LastModified?.toISOString() ?? null,
			metadata: result.Metadata ?? {},
			body: decodeObject(bytes, format ?? 'text', `s3://${bucket}/${key}`),
		};
	} finally {
		client.destroy();
	}
}

function decodeObject(bytes: Uint8Array, format: string, where: string): unknown {
	if (format === 'base64') {
		return Buffer.from(bytes).toString('base64');
	}
	const text = new TextDecoder().decode(bytes);
	if (format !== 'json') {
		return text;
	}
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new OperationalError(
			'integration_invalid_response',
			`${where} is not valid JSON (${(error as Error).message}). Set "format" to text to read it as text.`,
		);
	}
}

async function s3PutObject(call: OperationCall) {
	const { s3, client } = await s3Client(call);
	const { bucket, key, body, contentType, metadata } = call.params as Record<string, unknown>;
	const isText = typeof body === 'string';
	try {
		const result = await sendCommand('AWS S3 Put Object', call, () =>
			client.send(
				new s3.PutObjectCommand({
					Bucket: String(bucket),
					Key: String(key),
					Body: isText ? body : JSON.stringify(body ?? null),
					ContentType:
						(contentType as string | undefined) ??
						(isText ? 'text/plain; charset=utf-8' : 'application/json'),
					Metadata: metadata as Record<string, string> | undefined,
				}),
				{ abortSignal: call.signal },
			),
		);
		return { bucket, key, etag: result.ETag ?? null, versionId: result.VersionId ?? null };
	} finally {
		client.destroy();
	}
}

/** Picks the fields of an EC2 instance that a workflow usually reads. */
function instanceSummary(instance: import('@aws-sdk/client-ec2').Instance) {
	return {
		instanceId: instance.InstanceId,
		state: instance.State?.Name ?? null,
		instanceType: instance.InstanceType ?? null,
		imageId: instance.ImageId ?? null,
		availabilityZone: instance.Placement?.AvailabilityZone ?? null,
		privateIpAddress: instance.PrivateIpAddress ?? null,
		publicIpAddress: instance.PublicIpAddress ?? null,
		launchTime: instance.LaunchTime?.toISOString() ?? null,
		tags: Object.fromEntries((instance.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
	};
}

async function ec2DescribeInstances(call: OperationCall) {
	const ec2 = await import('@aws-sdk/client-ec2');
	const client = new ec2.EC2Client(clientConfig(call));
	const limit = typeof call.params.limit === 'number' ? call.params.limit : 100;
	const filters = Object.entries((call.params.filters ?? {}) as Record<string, unknown>).map(
		([name, values]) => ({ Name: name, Values: stringList(values) }),
	);
	const instanceIds = stringList(call.params.instanceIds);
	const instances: ReturnType<typeof instanceSummary>[] = [];
	let nextToken: string | undefined;
	try {
		do {
			const page = await sendCommand('AWS EC2 Describe Instances', call, () =>
				client.send(
					new ec2.DescribeInstancesCommand({
						InstanceIds: instanceIds.length > 0 ? instanceIds : undefined,
						Filters: filters.length > 0 ? filters : undefined,
						NextToken: nextToken,
					}),
					{ abortSignal: call.signal },
				),
			);
			for (const reservation of page.Reservations ?? []) {
				instances.push(...(reservation.Instances ?? []).map(instanceSummary));
			}
			nextToken = page.NextToken || undefined;
		} while (nextToken && instances.length < limit);
	} finally {
		client.destroy();
	}
	const kept = instances.slice(0, limit);
	return { items: kept, count: kept.length };
}

type StateChange = import('@aws-sdk/client-ec2').InstanceStateChange;

function stateChanges(changes: StateChange[] | undefined) {
	return (changes ?? []).map((change) => ({
		instanceId: change.InstanceId,
		previousState: change.PreviousState?.Name ?? null,
		currentState: change.CurrentState?.Name ?? null,
	}));
}

async function ec2StartInstances(call: OperationCall) {
	const ec2 = await import('@aws-sdk/client-ec2');
	const client = new ec2.EC2Client(clientConfig(call));
	const ids = requireList(call.params.instanceIds, 'instanceIds');
	try {
		const result = await sendCommand('AWS EC2 Start Instances', call, () =>
			client.send(new ec2.StartInstancesCommand({ InstanceIds: ids }), {
				abortSignal: call.signal,
			}),
		);
		return { instances: stateChanges(result.StartingInstances) };
	} finally {
		client.destroy();
	}
}

async function ec2StopInstances(call: OperationCall) {
	const ec2 = await import('@aws-sdk/client-ec2');
	const client = new ec2.EC2Client(clientConfig(call));
	const ids = requireList(call.params.instanceIds, 'instanceIds');
	try {
		const result = await sendCommand('AWS EC2 Stop Instances', call, () =>
			client.send(
				new ec2.StopInstancesCommand({ InstanceIds: ids, Force: call.params.force === true }),
				{ abortSignal: call.signal },
			),
		);
		return { instances: stateChanges(result.StoppingInstances) };
	} finally {
		client.destroy();
	}
}

const instanceIdsInput = {
	type: 'array',
	items: { type: 'string' },
	minItems: 1,
	title: 'Instance ids',
	description: 'Such as ["i-0abc1234def567890"].',
};

const objectInputs = {
	bucket: { type: 'string', title: 'Bucket' },
	key: {
		type: 'string',
		title: 'Key',
		description: 'Object key, such as reports/2026-01-05.json.',
	},
};

/**
 * AWS through the official SDK v3 clients: SNS, S3 and EC2. Each client is imported when its
 * first node runs, so starting Wireflow does not load the SDK.
 */
export const awsIntegration: IntegrationDefinition = {
	id: 'aws',
	name: 'AWS',
	icon: 'cloud',
	auth: [
		{
			kind: 'accessKey',
			label: 'Access key',
			fields: [
				{ name: 'accessKeyId', label: 'Access key id' },
				{ name: 'secretAccessKey', label: 'Secret access key', secret: true },
				{
					name: 'sessionToken',
					label: 'Session token',
					secret: true,
					optional: true,
					description: 'Only for temporary credentials.',
				},
				{ name: 'region', label: 'Region', description: 'Such as eu-west-1.' },
				{
					name: 'endpoint',
					label: 'Endpoint URL',
					optional: true,
					description: 'For a local or compatible service, such as http://127.0.0.1:4566.',
				},
			],
		},
	],
	operations: [
		{
			id: 'snsPublish',
			name: 'SNS Publish',
			description: 'Publishes a message to an SNS topic and outputs its message id.',
			inputs: {
				properties: {
					topicArn: {
						type: 'string',
						title: 'Topic ARN',
						description: 'Such as arn:aws:sns:eu-west-1:123456789012:releases.',
					},
					message: {
						title: 'Message',
						description: 'A string is sent as is; anything else as JSON.',
					},
					subject: {
						type: 'string',
						title: 'Subject',
						description: 'Email subscriptions show it.',
					},
					messageAttributes: {
						type: 'object',
						title: 'Message attributes',
						additionalProperties: { type: 'string' },
						description: 'String attributes, used by subscription filter policies.',
					},
					messageGroupId: {
						type: 'string',
						title: 'Message group id',
						description: 'FIFO topics only.',
					},
					messageDeduplicationId: {
						type: 'string',
						title: 'Deduplication id',
						description: 'FIFO topics only.',
					},
				},
				required: ['topicArn', 'message'],
			},
			sampleOutput: { messageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e', sequenceNumber: null },
			run: snsPublish,
		},
		{
			id: 's3GetObject',
			name: 'S3 Get Object',
			description: 'Reads an object from an S3 bucket and outputs its body and metadata.',
			inputs: {
				properties: {
					...objectInputs,
					format: {
						enum: ['text', 'json', 'base64'],
						title: 'Read as',
						description: 'text (UTF-8, the default), json, or base64 for binary objects.',
					},
				},
				required: ['bucket', 'key'],
			},
			sampleOutput: {
				bucket: 'reports',
				key: 'daily/2026-01-05.json',
				contentType: 'application/json',
				contentLength: 17,
				etag: '"9b2cf535f27731c974343645a3985328"',
				lastModified: '2026-01-05T09:00:00.000Z',
				metadata: {},
				body: '{"orders": 42}',
			},
			run: s3GetObject,
		},
		{
			id: 's3PutObject',
			name: 'S3 Put Object',
			description: 'Writes an object to an S3 bucket and outputs its ETag.',
			inputs: {
				properties: {
					...objectInputs,
					body: { title: 'Body', description: 'A string is stored as is; anything else as JSON.' },
					contentType: { type: 'string', title: 'Content type' },
					metadata: {
						type: 'object',
						title: 'Metadata',
						additionalProperties: { type: 'string' },
						description: 'Stored as x-amz-meta-* headers.',
					},
				},
				required: ['bucket', 'key', 'body'],
			},
			sampleOutput: {
				bucket: 'reports',
				key: 'daily/2026-01-05.json',
				etag: '"9b2cf535f27731c974343645a3985328"',
				versionId: null,
			},
			run: s3PutObject,
		},
		{
			id: 'ec2DescribeInstances',
			name: 'EC2 Describe Instances',
			description:
				'Lists EC2 instances by id or filter, following NextToken, and outputs them as items.',
			inputs: {
				properties: {
					instanceIds: { ...instanceIdsInput, minItems: 0 },
					filters: {
						type: 'object',
						title: 'Filters',
						description:
							'Filter name to values, such as {"instance-state-name": ["running"], "tag:team": ["web"]}.',
					},
					limit: {
						type: 'integer',
						minimum: 1,
						title: 'Maximum items',
						description: 'Stops fetching pages once this many instances are in. Defaults to 100.',
					},
				},
			},
			sampleOutput: {
				items: [
					{
						instanceId: 'i-0abc1234def567890',
						state: 'running',
						instanceType: 't3.micro',
						imageId: 'ami-0abcdef1234567890',
						availabilityZone: 'eu-west-1a',
						privateIpAddress: '10.0.1.23',
						publicIpAddress: null,
						launchTime: '2026-01-05T09:00:00.000Z',
						tags: { Name: 'web-1' },
					},
				],
				count: 1,
			},
			run: ec2DescribeInstances,
		},
		{
			id: 'ec2StartInstances',
			name: 'EC2 Start Instances',
			description: 'Starts stopped EC2 instances and outputs each state change.',
			inputs: { properties: { instanceIds: instanceIdsInput }, required: ['instanceIds'] },
			sampleOutput: {
				instances: [
					{ instanceId: 'i-0abc1234def567890', previousState: 'stopped', currentState: 'pending' },
				],
			},
			run: ec2StartInstances,
		},
		{
			id: 'ec2StopInstances',
			name: 'EC2 Stop Instances',
			description: 'Stops running EC2 instances and outputs each state change.',
			inputs: {
				properties: {
					instanceIds: instanceIdsInput,
					force: { type: 'boolean', title: 'Force', description: 'Skips the clean shutdown.' },
				},
				required: ['instanceIds'],
			},
			sampleOutput: {
				instances: [
					{ instanceId: 'i-0abc1234def567890', previousState: 'running', currentState: 'stopping' },
				],
			},
			run: ec2StopInstances,
		},
	],
	async test(call) {
		const ec2 = await import('@aws-sdk/client-ec2');
		const client = new ec2.EC2Client(clientConfig(call));
		try {
			const result = await sendCommand('AWS EC2 Describe Regions', call, () =>
				client.send(new ec2.DescribeRegionsCommand({}), { abortSignal: call.signal }),
			);
			return `The access key works; EC2 lists ${result.Regions?.length ?? 0} region(s).`;
		} finally {
			client.destroy();
		}
	},
	webhookSource: {
		id: 'awsSns',
		name: 'AWS SNS notification',
		sampleHeaders: {
			'content-type': 'text/plain; charset=UTF-8',
			'user-agent': 'Amazon Simple Notification Service Agent',
			'x-amz-sns-message-type': 'Notification',
			'x-amz-sns-message-id': '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
			'x-amz-sns-topic-arn': 'arn:aws:sns:eu-west-1:123456789012:releases',
		},
		sampleBody: {
			Type: 'Notification',
			MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
			TopicArn: 'arn:aws:sns:eu-west-1:123456789012:releases',
			Subject: 'Released v1.4.2',
			Message: '{"version":"1.4.2","env":"prod"}',
			Timestamp: '2026-01-05T09:00:00.000Z',
			SignatureVersion: '1',
			Signature: 'EXAMPLE',
			SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-example.pem',
			UnsubscribeURL:
				'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=example',
		},
		shape: (request) => {
			const body = parseJsonText(request.body);
			const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
			return {
				...request,
				body,
				messageType: request.headers['x-amz-sns-message-type'] ?? fields.Type ?? null,
				message: parseJsonText(fields.Message) ?? null,
			};
		},
	},
};

/** SNS posts JSON as text/plain, and the message inside is often JSON text too. */
function parseJsonText(value: unknown): unknown {
	if (typeof value !== 'string') {
		return value;
	}
	try {
		return JSON.parse(value);
	} catch {
		return value;
	}
}
