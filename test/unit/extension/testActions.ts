import type { ActionDescriptor } from '../../../src/shared/actions';

function action(
	fields: Partial<ActionDescriptor> & Pick<ActionDescriptor, 'type' | 'title'>,
): ActionDescriptor {
	return {
		description: '',
		category: 'Core',
		icon: 'circle',
		inputs: { type: 'object', properties: {} },
		outputs: ['out'],
		sampleOutput: {},
		...fields,
	};
}

/** A few descriptors shaped like the core actions, so edit tests do not depend on the engine. */
export const testActions: ActionDescriptor[] = [
	action({ type: 'trigger.manual', title: 'Manual trigger', trigger: 'manual' }),
	action({ type: 'trigger.webhook', title: 'Webhook', trigger: 'webhook' }),
	action({
		type: 'core.http',
		title: 'HTTP Request',
		inputs: {
			type: 'object',
			properties: {
				method: { type: 'string' },
				url: { type: 'string' },
				headers: { type: 'object' },
			},
		},
		defaultParams: { method: 'GET', url: 'https://example.com' },
	}),
	action({ type: 'core.if', title: 'If', outputs: ['true', 'false'] }),
	action({
		type: 'core.switch',
		title: 'Switch',
		outputs: { fromParam: 'rules', field: 'output', fixed: ['default'] },
	}),
	action({ type: 'core.log', title: 'Log' }),
	...chatOperations(),
	action({
		type: 'mail.send',
		title: 'Mail: Send',
		integration: { id: 'mail', name: 'Mail', icon: 'mail' },
		operation: 'send',
	}),
];

/** Three operations of a made-up chat integration, shaped like the engine's integrations. */
function chatOperations(): ActionDescriptor[] {
	const integration = { id: 'chat', name: 'Chat', icon: 'comment' };
	const common = {
		account: { type: 'string', minLength: 1 },
		timeoutMs: { type: 'integer', minimum: 1 },
	};
	return [
		action({
			type: 'chat.postMessage',
			title: 'Chat: Post Message',
			integration,
			operation: 'postMessage',
			inputs: {
				type: 'object',
				properties: { ...common, channel: { type: 'string' }, text: { type: 'string' } },
			},
		}),
		action({
			type: 'chat.listChannels',
			title: 'Chat: List Channels',
			integration,
			operation: 'listChannels',
			inputs: { type: 'object', properties: { ...common, limit: { type: 'integer' } } },
			defaultParams: { limit: 50 },
		}),
		action({
			type: 'chat.sendFile',
			title: 'Chat: Send File',
			integration,
			operation: 'sendFile',
			inputs: {
				type: 'object',
				properties: { ...common, channel: { type: 'integer' }, text: { type: 'string' } },
			},
		}),
	];
}

/** Looks up a test descriptor by action type. */
export function lookupTestAction(type: string): ActionDescriptor | undefined {
	return testActions.find((descriptor) => descriptor.type === type);
}
