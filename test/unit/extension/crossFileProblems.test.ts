import assert from 'node:assert/strict';
import { loadDocumentState } from '../../../src/extension/editor/documentState';
import type { WorkflowEntry } from '../../../src/engine/workflowIndex';

/*
 * hooks/a.workflow.json: receive (webhook "deploys") ──▶ log
 * The workspace index contains hooks/b.workflow.json, which also claims "deploys".
 */
const text = `{
  "version": 1,
  "name": "A",
  "nodes": [
    { "id": "receive", "type": "trigger.webhook", "params": { "path": "/deploys/" } },
    { "id": "log", "type": "core.log", "params": { "message": "x" } }
  ],
  "connections": [{ "from": "receive", "to": "log" }]
}
`;

function entry(file: string, webhookPath?: string): WorkflowEntry {
	return { file, name: file, valid: true, webhookPath, accounts: [] };
}

describe('loadDocumentState', () => {
	describe('with the workspace', () => {
		it('reports a webhook path another file claims on the trigger', () => {
			const state = loadDocumentState(text, '/w/hooks/a.workflow.json', {
				others: [
					entry('/w/hooks/a.workflow.json', 'deploys'),
					entry('/w/hooks/b.workflow.json', 'deploys'),
				],
				label: (file) => file.replace('/w/', ''),
			});

			assert.equal(state.kind, 'valid');
			const [problem] = state.problems.filter((item) => item.code === 'webhook_path_taken');
			assert.ok(problem);
			assert.equal(problem.severity, 'error');
			assert.equal(problem.nodeId, 'receive');
			assert.deepEqual(problem.path, ['nodes', 0, 'params', 'path']);
			assert.equal(text.slice(problem.offset, problem.offset + problem.length), '"/deploys/"');
			assert.match(problem.message, /also used by hooks\/b\.workflow\.json/);
		});

		it('reports nothing when the path is unique', () => {
			const state = loadDocumentState(text, '/w/hooks/a.workflow.json', {
				others: [entry('/w/hooks/b.workflow.json', 'releases'), entry('/w/c.workflow.json')],
			});

			assert.deepEqual(
				state.problems.filter((item) => item.code === 'webhook_path_taken'),
				[],
			);
		});

		it('ignores the index entry of the same file', () => {
			const state = loadDocumentState(text, '/w/hooks/a.workflow.json', {
				others: [entry('/w/hooks/a.workflow.json', 'deploys')],
			});

			assert.deepEqual(
				state.problems.filter((item) => item.code === 'webhook_path_taken'),
				[],
			);
		});
	});
});
