import cron from 'node-cron';
import type { JsonObject } from '../../shared/model';
import type { WebhookRequestData, WebhookSource } from '../integrations/types';
import type { ActionDefinition } from './types';

/** Checks an IANA time zone name with the runtime's own time zone data. */
export function isValidTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** Passes the trigger data through: the input a run was started with. */
async function passTriggerData(context: { input: unknown }) {
	return { output: context.input ?? {} };
}

export const manualTrigger: ActionDefinition = {
	type: 'trigger.manual',
	title: 'Manual Trigger',
	description: 'Starts the workflow by hand, from the editor, the command palette or the CLI.',
	category: 'Triggers',
	icon: 'play',
	trigger: 'manual',
	inputs: {
		type: 'object',
		properties: {
			sampleInput: {
				type: 'object',
				title: 'Sample input',
				description: 'Input used when a run starts without one.',
			},
		},
		additionalProperties: false,
	},
	outputs: ['out'],
	sampleOutput: {},
	run: passTriggerData,
	triggerData: (params, input) => input ?? params.sampleInput ?? {},
};

export const scheduleTrigger: ActionDefinition = {
	type: 'trigger.schedule',
	title: 'Schedule Trigger',
	description: 'Starts the workflow on a cron schedule, once the schedule is switched on.',
	category: 'Triggers',
	icon: 'watch',
	trigger: 'schedule',
	inputs: {
		type: 'object',
		properties: {
			cron: {
				type: 'string',
				title: 'Cron expression',
				description: 'Five fields (minute hour day month weekday), or six with seconds first.',
			},
			timezone: {
				type: 'string',
				title: 'Time zone',
				description: 'IANA time zone, such as Europe/Paris. Defaults to the machine time zone.',
			},
		},
		required: ['cron'],
		additionalProperties: false,
	},
	outputs: ['out'],
	sampleOutput: {
		firedAt: '2026-01-05T09:00:00.000Z',
		cron: '0 9 * * 1-5',
		timezone: 'Europe/Paris',
	},
	defaultParams: { cron: '0 9 * * 1-5' },
	run: passTriggerData,
	triggerData: (params, input, now) =>
		input ?? { firedAt: now.toISOString(), cron: params.cron, timezone: params.timezone ?? null },
	validate(params, report) {
		if (typeof params.cron === 'string' && !cron.validate(params.cron)) {
			report(
				['cron'],
				`Invalid cron expression "${params.cron}". Use five fields (minute hour day month weekday), such as "0 9 * * 1-5".`,
			);
		}
		if (typeof params.timezone === 'string' && !isValidTimeZone(params.timezone)) {
			report(
				['timezone'],
				`Unknown time zone "${params.timezone}". Use an IANA name such as "Europe/Paris" or "UTC".`,
			);
		}
	},
};

/** The webhook source of requests from any client, with no fields of its own. */
export const GENERIC_WEBHOOK_SOURCE: WebhookSource = {
	id: 'generic',
	name: 'Generic webhook',
	sampleHeaders: { 'content-type': 'application/json' },
	sampleBody: { env: 'prod', version: '1.4.2' },
};

/** Builds the trigger output of a request: the source's fields added to the request. */
function shapeRequest(source: WebhookSource | undefined, request: WebhookRequestData): unknown {
	return source?.shape ? source.shape(request) : request;
}

/**
 * Builds the webhook trigger with its `source` choices: the generic source and one per
 * integration that sends webhooks. Each source brings the sample output of its requests.
 */
export function createWebhookTrigger(sources: readonly WebhookSource[]): ActionDefinition {
	const byId = new Map(sources.map((source) => [source.id, source]));
	const sample = (source: WebhookSource, path: string) =>
		shapeRequest(source, {
			method: 'POST',
			path,
			headers: source.sampleHeaders,
			query: {},
			body: source.sampleBody,
		});
	const sourceOf = (params: JsonObject) =>
		byId.get(typeof params.source === 'string' ? params.source : GENERIC_WEBHOOK_SOURCE.id);
	return {
		type: 'trigger.webhook',
		title: 'Webhook Trigger',
		description: 'Starts the workflow when a request with an API key reaches /webhook/<path>.',
		category: 'Triggers',
		icon: 'radio-tower',
		trigger: 'webhook',
		inputs: {
			type: 'object',
			properties: {
				path: {
					type: 'string',
					title: 'Path',
					pattern: '^[A-Za-z0-9][A-Za-z0-9._~/-]*$',
					description: 'The part of the URL after /webhook/, such as deploys.',
				},
				methods: {
					type: 'array',
					title: 'Methods',
					items: { enum: ['GET', 'POST', 'PUT', 'PATCH'] },
					uniqueItems: true,
					description: 'HTTP methods accepted. Defaults to POST.',
				},
				source: {
					enum: sources.map((source) => source.id),
					title: 'Source',
					description: `Service that sends the requests: ${sources.map((source) => `${source.id} (${source.name})`).join(', ')}. It sets the sample output and adds the service's own fields. Defaults to generic.`,
				},
				sampleBody: {
					title: 'Sample body',
					description: 'Body shown as the trigger output before a first request arrives.',
				},
			},
			required: ['path'],
			additionalProperties: false,
		},
		outputs: ['out'],
		sampleOutput: sample(GENERIC_WEBHOOK_SOURCE, 'deploys'),
		sampleOutputs: {
			param: 'source',
			values: Object.fromEntries(sources.map((source) => [source.id, sample(source, source.id)])),
		},
		defaultParams: { path: 'my-hook' },
		run: passTriggerData,
		// A run started by hand gets a request shaped like a real one, with the input as its body.
		triggerData: (params, input) => {
			const source = sourceOf(params);
			return {
				method: 'POST',
				path: params.path ?? '',
				headers: source?.sampleHeaders ?? { 'content-type': 'application/json' },
				query: {},
				body: input ?? params.sampleBody ?? source?.sampleBody ?? {},
			};
		},
		prepareTriggerData: (params, data) =>
			isRequestData(data) ? shapeRequest(sourceOf(params), data) : data,
	};
}

function isRequestData(data: unknown): data is WebhookRequestData {
	return (
		typeof data === 'object' &&
		data !== null &&
		typeof (data as WebhookRequestData).headers === 'object' &&
		(data as WebhookRequestData).headers !== null
	);
}
