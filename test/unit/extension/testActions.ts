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
];

/** Looks up a test descriptor by action type. */
export function lookupTestAction(type: string): ActionDescriptor | undefined {
	return testActions.find((descriptor) => descriptor.type === type);
}
