import { outputsOf } from '../../shared/actions';
import { UserError } from '../../shared/errors';
import { DEFAULT_OUTPUT, type WorkflowConnection } from '../../shared/model';
import {
	type DescriptorLookup,
	ROOT_KEY_ORDER,
	type WorkflowText,
	sameConnection,
} from './workflowText';

/**
 * Appends a connection after checking that both nodes exist, the output is one the source node
 * has, and the target is not a trigger. Returns false when the connection already exists.
 */
export function addConnection(
	text: WorkflowText,
	connection: WorkflowConnection,
	lookup: DescriptorLookup,
): boolean {
	const value = normaliseConnection(connection);
	checkConnection(text, value, lookup);
	const existing = text.connections();
	if (existing.some((entry) => sameConnection(entry.connection, value))) {
		return false;
	}

	// New connections follow the style of the last one, and go on one line in a file with none.
	const oneLine = existing.length === 0 || isOneLine(text, ['connections', existing.length - 1]);
	const raw = oneLine ? formatConnection(value) : undefined;
	if (text.find(['connections'])?.type !== 'array') {
		text.set(['connections'], [], ROOT_KEY_ORDER);
	}
	text.append(['connections'], value, raw);
	return true;
}

/** Removes the connections matching any of `connections`, or touching any of `nodeIds`. */
export function removeConnections(
	text: WorkflowText,
	connections: WorkflowConnection[],
	nodeIds: ReadonlySet<string>,
): void {
	const doomed = text
		.connections()
		.filter(
			({ connection }) =>
				nodeIds.has(connection.from) ||
				nodeIds.has(connection.to) ||
				connections.some((candidate) => sameConnection(candidate, connection)),
		)
		.map((entry) => entry.index);

	// From the end, so earlier indices stay valid.
	for (const index of doomed.reverse()) {
		text.remove(['connections', index]);
	}
}

/** Writes a connection on one line, in the key order the editor uses. */
export function formatConnection(connection: WorkflowConnection): string {
	const output =
		connection.output === undefined ? '' : ` "output": ${JSON.stringify(connection.output)},`;
	return `{ "from": ${JSON.stringify(connection.from)},${output} "to": ${JSON.stringify(connection.to)} }`;
}

/** Orders a connection's keys and leaves out the default output, as the file format does. */
export function normaliseConnection(connection: WorkflowConnection): WorkflowConnection {
	const { from, output, to } = connection;
	return output === undefined || output === DEFAULT_OUTPUT ? { from, to } : { from, output, to };
}

function checkConnection(
	text: WorkflowText,
	connection: WorkflowConnection,
	lookup: DescriptorLookup,
): void {
	const source = text.node(connection.from).node;
	const target = text.node(connection.to).node;
	if (source.id === target.id) {
		throw new UserError('self_connection', `Node "${source.id}" cannot be connected to itself.`);
	}
	if (lookup(target.type)?.trigger) {
		throw new UserError(
			'trigger_input',
			`Trigger "${target.id}" starts the workflow and takes no input. Connect it to a later node instead.`,
		);
	}

	const descriptor = lookup(source.type);
	const output = connection.output ?? DEFAULT_OUTPUT;
	if (descriptor && !outputsOf(descriptor, source.params).includes(output)) {
		throw new UserError('unknown_output', `Node "${source.id}" has no output "${output}".`);
	}
}

function isOneLine(text: WorkflowText, path: (string | number)[]): boolean {
	const node = text.find(path);
	return !node || !/[\r\n]/.test(text.text.slice(node.offset, node.offset + node.length));
}
