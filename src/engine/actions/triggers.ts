import cron from 'node-cron';
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

export const webhookTrigger: ActionDefinition = {
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
			sampleBody: {
				title: 'Sample body',
				description: 'Body shown as the trigger output before a first request arrives.',
			},
		},
		required: ['path'],
		additionalProperties: false,
	},
	outputs: ['out'],
	sampleOutput: {
		method: 'POST',
		path: 'deploys',
		headers: { 'content-type': 'application/json' },
		query: {},
		body: { env: 'prod', version: '1.4.2' },
	},
	defaultParams: { path: 'my-hook' },
	run: passTriggerData,
	// A run started by hand gets a request shaped like a real one, with the input as its body.
	triggerData: (params, input) => ({
		method: 'POST',
		path: params.path ?? '',
		headers: { 'content-type': 'application/json' },
		query: {},
		body: input ?? params.sampleBody ?? {},
	}),
};
