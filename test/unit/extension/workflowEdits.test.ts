import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits } from 'jsonc-parser';
import { errorCode } from '../../../src/shared/errors';
import type { Workflow } from '../../../src/shared/model';
import type { WorkflowEdit } from '../../../src/shared/protocol';
import {
	computePaste,
	computeWorkflowEdit,
	copyToClipboardText,
} from '../../../src/extension/edits/workflowEdits';
import { lookupTestAction } from './testActions';

/*
 * notify-on-deploy (two-space indent, `x-` keys on the root, a node and a connection):
 *
 *   on-deploy ──▶ is-prod ──true──▶ fetch-release ──▶ log
 *
 * tabs-no-layout: one tab-indented trigger, no connections, no layout.
 * crlf-four-spaces: CRLF line ends, four-space indent, no final newline, empty layout.
 */
function fixture(name: string): string {
	return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}

const notify = fixture('notify-on-deploy.workflow.json');
const tabs = fixture('tabs-no-layout.workflow.json');
const crlf = fixture('crlf-four-spaces.workflow.json');

function edit(source: string, change: WorkflowEdit) {
	return computeWorkflowEdit(source, change, lookupTestAction);
}

function parse(text: string): Workflow {
	return JSON.parse(text) as Workflow;
}

/** Counts the lines that differ between two texts, past their common first and last lines. */
function changedLines(before: string, after: string): number {
	const a = before.split('\n');
	const b = after.split('\n');
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) {
		start++;
	}
	let end = 0;
	while (
		end < a.length - start &&
		end < b.length - start &&
		a[a.length - 1 - end] === b[b.length - 1 - end]
	) {
		end++;
	}
	return Math.max(a.length, b.length) - start - end;
}

function assertUserError(run: () => unknown, code: string): void {
	assert.throws(run, (error: unknown) => errorCode(error) === code);
}

describe('computeWorkflowEdit', () => {
	describe('#addNode', () => {
		it('adds a node with an id made from the action title', () => {
			const outcome = edit(notify, {
				kind: 'addNode',
				actionType: 'core.http',
				position: [800, 200],
			});

			const workflow = parse(outcome.text);
			assert.deepEqual(outcome.nodeIds, ['http-request']);
			assert.deepEqual(workflow.nodes.at(-1), {
				id: 'http-request',
				type: 'core.http',
				params: { method: 'GET', url: 'https://example.com' },
			});
			assert.deepEqual(workflow.layout?.['http-request'], [800, 200]);
			assert.match(outcome.text, /\n {4}"http-request": \[800, 200\]\n {2}\}\n\}\n$/);
		});

		it('makes the id unique with a number suffix', () => {
			const first = edit(notify, { kind: 'addNode', actionType: 'core.http', position: [0, 0] });
			const second = edit(first.text, {
				kind: 'addNode',
				actionType: 'core.http',
				position: [0, 0],
			});

			assert.deepEqual(second.nodeIds, ['http-request-2']);
		});

		it('connects the new node to the given output', () => {
			const outcome = edit(notify, {
				kind: 'addNode',
				actionType: 'core.log',
				position: [520, 200],
				connectFrom: { nodeId: 'is-prod', output: 'false' },
			});

			const workflow = parse(outcome.text);
			assert.deepEqual(workflow.connections?.at(-1), {
				from: 'is-prod',
				output: 'false',
				to: 'log-2',
			});
			assert.match(
				outcome.text,
				/\n {4}\{ "from": "is-prod", "output": "false", "to": "log-2" \}\n/,
			);
		});

		it('creates the layout map and connections in a file without them', () => {
			const outcome = edit(tabs, {
				kind: 'addNode',
				actionType: 'core.log',
				position: [300.6, 79.2],
				connectFrom: { nodeId: 'start' },
			});

			assert.equal(
				outcome.text,
				'{\n\t"version": 1,\n\t"name": "Tabs and no layout",\n\t"nodes": [\n\t\t{\n\t\t\t"id": "start",\n\t\t\t"type": "trigger.manual"\n\t\t},\n\t\t{\n\t\t\t"id": "log",\n\t\t\t"type": "core.log"\n\t\t}\n\t],\n\t"connections": [\n\t\t{ "from": "start", "to": "log" }\n\t],\n\t"layout": {\n\t\t"log": [301, 79]\n\t},\n\t"x-keep": { "a": [1, 2, 3] }\n}\n',
			);
		});

		it('keeps CRLF line ends and adds the final newline', () => {
			const outcome = edit(crlf, { kind: 'addNode', actionType: 'core.log', position: [10, 20] });

			assert.ok(outcome.text.endsWith('}\r\n'));
			assert.equal(outcome.text.replace(/\r\n/g, '').includes('\n'), false);
			assert.match(outcome.text, /\r\n {8}"log": \[10, 20\]\r\n {4}\}\r\n/);
		});

		it('rejects a second trigger', () => {
			assertUserError(
				() => edit(notify, { kind: 'addNode', actionType: 'trigger.manual', position: [0, 0] }),
				'second_trigger',
			);
		});

		it('rejects an unknown action type', () => {
			assertUserError(
				() => edit(notify, { kind: 'addNode', actionType: 'core.nothing', position: [0, 0] }),
				'unknown_action',
			);
		});
	});

	describe('#moveNodes', () => {
		it('changes one line of the layout map', () => {
			const outcome = edit(notify, { kind: 'moveNodes', positions: { 'is-prod': [300, 120] } });

			assert.equal(changedLines(notify, outcome.text), 1);
			assert.ok(outcome.text.includes('\n    "is-prod": [300, 120],\n'));
		});

		it('changes at most two lines for a node without a position', () => {
			const source = notify
				.replace('    "log": [760, 40]\n', '')
				.replace('[520, 40],', '[520, 40]');
			const outcome = edit(source, { kind: 'moveNodes', positions: { log: [700, 40] } });

			assert.ok(changedLines(source, outcome.text) <= 2);
			assert.deepEqual(parse(outcome.text).layout?.log, [700, 40]);
		});

		it('rounds positions to integers', () => {
			const outcome = edit(notify, { kind: 'moveNodes', positions: { log: [10.4, 20.5] } });

			assert.deepEqual(parse(outcome.text).layout?.log, [10, 21]);
		});

		it('writes nothing when the position does not change', () => {
			const outcome = edit(notify, { kind: 'moveNodes', positions: { log: [760, 40] } });

			assert.equal(outcome.edit, undefined);
			assert.equal(outcome.text, notify);
		});

		it('rejects a position that is not a number', () => {
			assertUserError(
				() => edit(notify, { kind: 'moveNodes', positions: { log: [Number.NaN, 0] } }),
				'invalid_position',
			);
		});
	});

	describe('#connect', () => {
		it('appends a one-line connection without the default output', () => {
			const outcome = edit(notify, {
				kind: 'connect',
				connection: { from: 'log', output: 'out', to: 'is-prod' },
			});

			assert.equal(changedLines(notify, outcome.text), 2);
			assert.ok(
				outcome.text.includes(
					'{ "from": "fetch-release", "to": "log" },\n    { "from": "log", "to": "is-prod" }\n  ]',
				),
			);
		});

		it('writes nothing for an existing connection', () => {
			const outcome = edit(notify, {
				kind: 'connect',
				connection: { from: 'fetch-release', to: 'log' },
			});

			assert.equal(outcome.edit, undefined);
		});

		it('rejects an output the node does not have', () => {
			assertUserError(
				() =>
					edit(notify, {
						kind: 'connect',
						connection: { from: 'is-prod', output: 'maybe', to: 'log' },
					}),
				'unknown_output',
			);
		});

		it('rejects a connection into a trigger', () => {
			assertUserError(
				() => edit(notify, { kind: 'connect', connection: { from: 'log', to: 'on-deploy' } }),
				'trigger_input',
			);
		});

		it('rejects a connection to a missing node', () => {
			assertUserError(
				() => edit(notify, { kind: 'connect', connection: { from: 'log', to: 'nowhere' } }),
				'node_not_found',
			);
		});
	});

	describe('#delete', () => {
		it('removes the node, its connections and its layout entry', () => {
			const outcome = edit(notify, { kind: 'delete', nodeIds: ['fetch-release'], connections: [] });

			const workflow = parse(outcome.text);
			assert.deepEqual(
				workflow.nodes.map((node) => node.id),
				['on-deploy', 'is-prod', 'log'],
			);
			assert.deepEqual(workflow.connections, [{ from: 'on-deploy', to: 'is-prod' }]);
			assert.deepEqual(Object.keys(workflow.layout ?? {}), ['on-deploy', 'is-prod', 'log']);
			assert.ok(outcome.text.includes('\n    "is-prod": [280, 80],\n    "log": [760, 40]\n  }\n'));
		});

		it('removes a connection given on its own', () => {
			const outcome = edit(notify, {
				kind: 'delete',
				nodeIds: [],
				connections: [{ from: 'is-prod', output: 'true', to: 'fetch-release' }],
			});

			assert.equal(changedLines(notify, outcome.text), 1);
			assert.equal(parse(outcome.text).connections?.length, 2);
		});

		it('removes the first node without touching the next', () => {
			const outcome = edit(notify, { kind: 'delete', nodeIds: ['on-deploy'], connections: [] });

			assert.ok(outcome.text.includes('"nodes": [\n    {\n      "id": "is-prod",'));
			assert.ok(outcome.text.includes('"layout": {\n    "is-prod": [280, 80],'));
		});
	});

	describe('#renameNode', () => {
		it('updates connections, the layout key and expressions', () => {
			const outcome = edit(notify, {
				kind: 'renameNode',
				nodeId: 'fetch-release',
				newId: 'release',
			});

			const workflow = parse(outcome.text);
			assert.equal(workflow.nodes[2].id, 'release');
			assert.deepEqual(workflow.connections?.[1], {
				from: 'is-prod',
				output: 'true',
				to: 'release',
				'x-note': 'prod only',
			});
			assert.deepEqual(workflow.connections?.[2], { from: 'release', to: 'log' });
			assert.deepEqual(workflow.layout?.release, [520, 40]);
			assert.equal(workflow.layout?.['fetch-release'], undefined);
			assert.equal(
				workflow.nodes[3].params?.message,
				"Released {{ $nodes.`release`.body.tag }} by {{ $node('release').body.author }}",
			);
		});

		it('rewrites plain references to a plain or quoted form', () => {
			const plain = edit(crlf, { kind: 'renameNode', nodeId: 'start', newId: 'begin' });
			const quoted = edit(crlf, { kind: 'renameNode', nodeId: 'start', newId: 'start-here' });

			assert.equal(parse(plain.text).nodes[1].params?.message, '{{ $nodes.begin.ok }}');
			assert.equal(parse(quoted.text).nodes[1].params?.message, '{{ $nodes.`start-here`.ok }}');
		});

		it('leaves text outside expressions alone', () => {
			const source = notify.replace('Released {{', '$nodes.log Released {{');
			const outcome = edit(source, { kind: 'renameNode', nodeId: 'log', newId: 'note' });

			assert.ok(outcome.text.includes('"message": "$nodes.log Released'));
		});

		it('rejects an id another node has', () => {
			assertUserError(
				() => edit(notify, { kind: 'renameNode', nodeId: 'log', newId: 'is-prod' }),
				'duplicate_id',
			);
		});

		it('rejects an invalid id', () => {
			assertUserError(
				() => edit(notify, { kind: 'renameNode', nodeId: 'log', newId: 'has space' }),
				'invalid_id',
			);
		});
	});

	describe('#setParam', () => {
		it('replaces a value in place', () => {
			const outcome = edit(notify, {
				kind: 'setParam',
				nodeId: 'fetch-release',
				path: ['method'],
				value: 'POST',
			});

			assert.equal(changedLines(notify, outcome.text), 1);
			assert.ok(outcome.text.includes('        "method": "POST",\n'));
		});

		it('inserts a new param in schema order', () => {
			const source = notify.replace('"method": "GET",\n        ', '');
			const outcome = edit(source, {
				kind: 'setParam',
				nodeId: 'fetch-release',
				path: ['method'],
				value: 'PUT',
			});

			assert.deepEqual(Object.keys(parse(outcome.text).nodes[2].params ?? {}), ['method', 'url']);
		});

		it('adds params to a node without any, after its name keys', () => {
			const outcome = edit(tabs, {
				kind: 'setParam',
				nodeId: 'start',
				path: ['note'],
				value: 'hi',
			});

			assert.ok(
				outcome.text.includes(
					'\t\t\t"type": "trigger.manual",\n\t\t\t"params": {\n\t\t\t\t"note": "hi"\n\t\t\t}\n\t\t}',
				),
			);
		});

		it('removes a param set to undefined', () => {
			const outcome = edit(notify, {
				kind: 'setParam',
				nodeId: 'on-deploy',
				path: ['path'],
				value: undefined,
			});

			assert.ok(outcome.text.includes('"params": {},'));
		});
	});

	describe('#setNodeField', () => {
		it('sets the name after the type', () => {
			const outcome = edit(notify, {
				kind: 'setNodeField',
				nodeId: 'is-prod',
				field: 'name',
				value: 'Is prod?',
			});

			assert.ok(
				outcome.text.includes('"type": "core.if",\n      "name": "Is prod?",\n      "params"'),
			);
		});

		it('removes the name when it is cleared', () => {
			const outcome = edit(notify, {
				kind: 'setNodeField',
				nodeId: 'fetch-release',
				field: 'name',
				value: '',
			});

			assert.equal(parse(outcome.text).nodes[2].name, undefined);
			assert.equal(changedLines(notify, outcome.text), 1);
		});
	});

	describe('edits of every kind', () => {
		const cases: WorkflowEdit[] = [
			{
				kind: 'addNode',
				actionType: 'core.switch',
				position: [1, 2],
				connectFrom: { nodeId: 'log' },
			},
			{ kind: 'moveNodes', positions: { 'on-deploy': [0, 0], log: [5, 5] } },
			{ kind: 'connect', connection: { from: 'on-deploy', to: 'log' } },
			{ kind: 'delete', nodeIds: ['log', 'is-prod'], connections: [] },
			{ kind: 'renameNode', nodeId: 'on-deploy', newId: 'deploy' },
			{ kind: 'setParam', nodeId: 'log', path: ['level'], value: 'info' },
			{ kind: 'setNodeField', nodeId: 'log', field: 'disabled', value: true },
		];

		for (const change of cases) {
			it(`keeps unknown keys through ${change.kind}`, () => {
				const workflow = parse(edit(notify, change).text) as Workflow & Record<string, unknown>;

				assert.equal(workflow['x-owner'], 'platform-team');
				assert.equal((workflow.nodes[0] as unknown as Record<string, unknown>)['x-color'], 'teal');
			});

			it(`returns one edit that reproduces the text for ${change.kind}`, () => {
				const outcome = edit(notify, change);

				assert.ok(outcome.edit);
				assert.equal(applyEdits(notify, [outcome.edit]), outcome.text);
			});

			it(`is stable for ${change.kind}`, () => {
				assert.equal(edit(notify, change).text, edit(notify, change).text);
			});
		}
	});

	it('rejects text that is not JSON', () => {
		assertUserError(
			() => edit('{ "version": 1, ', { kind: 'moveNodes', positions: { a: [0, 0] } }),
			'invalid_json',
		);
	});
});

describe('computePaste', () => {
	it('pastes copied nodes under fresh ids into the same file', () => {
		const clipboard = copyToClipboardText(notify, ['fetch-release', 'log']) ?? '';
		const outcome = computePaste(notify, clipboard, lookupTestAction);

		assert.ok(outcome);
		const workflow = parse(outcome.text);
		assert.deepEqual(outcome.nodeIds, ['fetch-release-2', 'log-2']);
		assert.deepEqual(workflow.connections?.at(-1), { from: 'fetch-release-2', to: 'log-2' });
		assert.deepEqual(workflow.layout?.['fetch-release-2'], [560, 80]);
		assert.match(String(workflow.nodes.at(-1)?.params?.message), /\$nodes\.`fetch-release-2`/);
		assert.match(String(workflow.nodes.at(-1)?.params?.message), /\$node\('fetch-release-2'\)/);
	});

	it('pastes into another file at a position and skips a second trigger', () => {
		const clipboard = copyToClipboardText(notify, ['on-deploy', 'is-prod']) ?? '';
		const outcome = computePaste(tabs, clipboard, lookupTestAction, [100, 300]);

		assert.ok(outcome);
		const workflow = parse(outcome.text);
		assert.deepEqual(outcome.nodeIds, ['is-prod']);
		assert.deepEqual(workflow.layout, { 'is-prod': [100, 300] });
		assert.equal(workflow.connections, undefined);
		assert.ok(outcome.text.startsWith('{\n\t"version": 1,'));
	});

	it('returns undefined for clipboard text that holds no nodes', () => {
		assert.equal(computePaste(notify, 'hello', lookupTestAction), undefined);
		assert.equal(computePaste(notify, '{"nodes": []}', lookupTestAction), undefined);
	});

	it('copies only the connections between copied nodes', () => {
		const clipboard = JSON.parse(copyToClipboardText(notify, ['is-prod', 'fetch-release']) ?? '{}');

		assert.deepEqual(clipboard.connections, [
			{ from: 'is-prod', output: 'true', to: 'fetch-release', 'x-note': 'prod only' },
		]);
		assert.deepEqual(clipboard.layout, { 'is-prod': [280, 80], 'fetch-release': [520, 40] });
	});
});
