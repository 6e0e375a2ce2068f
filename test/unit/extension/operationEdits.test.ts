import assert from 'node:assert/strict';
import { computeWorkflowEdit } from '../../../src/extension/edits/workflowEdits';
import { errorCode } from '../../../src/shared/errors';
import type { Workflow } from '../../../src/shared/model';
import { lookupTestAction } from './testActions';

/*
 *   start ──▶ post (chat.postMessage, account "team-chat") ──▶ log
 */
const source = `{
  "version": 1,
  "name": "Chat",
  "nodes": [
    { "id": "start", "type": "trigger.manual" },
    {
      "id": "post",
      "type": "chat.postMessage",
      "params": { "account": "team-chat", "channel": "#deploys", "text": "hi", "timeoutMs": 5000 }
    },
    { "id": "log", "type": "core.log" }
  ],
  "connections": [
    { "from": "start", "to": "post" },
    { "from": "post", "to": "log" }
  ],
  "layout": {
    "start": [40, 40],
    "post": [280, 40],
    "log": [520, 40]
  }
}
`;

function changeOperation(text: string, actionType: string, nodeId = 'post') {
	return computeWorkflowEdit(
		text,
		{ kind: 'changeOperation', nodeId, actionType },
		lookupTestAction,
	);
}

function nodeOf(text: string, id: string) {
	return (JSON.parse(text) as Workflow).nodes.find((node) => node.id === id)!;
}

describe('computeWorkflowEdit', () => {
	describe('#changeOperation', () => {
		it('sets the type and keeps the params both operations have', () => {
			const outcome = changeOperation(source, 'chat.listChannels');

			const node = nodeOf(outcome.text, 'post');
			assert.equal(node.type, 'chat.listChannels');
			assert.deepEqual(node.params, { account: 'team-chat', timeoutMs: 5000, limit: 50 });
		});

		it('drops a kept name whose value no longer fits its type', () => {
			const outcome = changeOperation(source, 'chat.sendFile');

			assert.deepEqual(nodeOf(outcome.text, 'post').params, {
				account: 'team-chat',
				text: 'hi',
				timeoutMs: 5000,
			});
		});

		it('keeps an expression whatever the new type', () => {
			const withExpression = source.replace(
				'"channel": "#deploys"',
				'"channel": "{{ $input.room }}"',
			);

			const outcome = changeOperation(withExpression, 'chat.sendFile');

			assert.equal(nodeOf(outcome.text, 'post').params?.channel, '{{ $input.room }}');
		});

		it('leaves connections, layout and other nodes alone', () => {
			const outcome = changeOperation(source, 'chat.listChannels');
			const before = JSON.parse(source) as Workflow;
			const after = JSON.parse(outcome.text) as Workflow;

			assert.deepEqual(after.connections, before.connections);
			assert.deepEqual(after.layout, before.layout);
			assert.deepEqual(after.nodes[0], before.nodes[0]);
			assert.deepEqual(after.nodes[2], before.nodes[2]);
		});

		it('changes nothing for the same operation', () => {
			const outcome = changeOperation(source, 'chat.postMessage');

			assert.equal(outcome.edit, undefined);
		});

		it('rejects an operation of another integration', () => {
			assert.throws(
				() => changeOperation(source, 'mail.send'),
				(error: unknown) => errorCode(error) === 'other_integration',
			);
		});

		it('rejects an action that is not an operation', () => {
			assert.throws(
				() => changeOperation(source, 'core.log'),
				(error: unknown) => errorCode(error) === 'unknown_operation',
			);
		});
	});
});
