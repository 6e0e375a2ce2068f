import { UserError } from '../../shared/errors';
import type { ActionDefinition } from './types';

export const runWorkflowAction: ActionDefinition = {
	type: 'core.runWorkflow',
	title: 'Run Workflow',
	description: "Runs another workflow file with an input and outputs that run's output.",
	category: 'Flow',
	icon: 'references',
	inputs: {
		type: 'object',
		properties: {
			file: {
				type: 'string',
				title: 'Workflow file',
				description: 'Relative to this workflow file.',
			},
			input: {
				title: 'Input',
				description: 'Trigger data of the called workflow. Defaults to $input.',
			},
		},
		required: ['file'],
		additionalProperties: false,
	},
	outputs: ['out'],
	sampleOutput: {},
	defaultParams: { file: 'other.workflow.json' },
	async run({ params, input, runWorkflow }) {
		const record = await runWorkflow(String(params.file), 'input' in params ? params.input : input);
		if (record.status !== 'succeeded') {
			const reason = record.error
				? `${record.error.nodeId ? `node "${record.error.nodeId}": ` : ''}${record.error.message}`
				: record.status;
			throw new UserError(
				'subworkflow_failed',
				`The called workflow "${record.workflowName}" (run ${record.id}) ${record.status}: ${reason}`,
				{
					runId: record.id,
				},
			);
		}
		return { output: record.output ?? null };
	},
};
