import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OperationalError, UserError } from '../../shared/errors';
import type { ActionContext, ActionDefinition } from './types';

/** Nearest existing ancestor of a path, so a file still to be written can be checked. */
async function realExistingAncestor(target: string): Promise<{ real: string; rest: string }> {
	let current = target;
	let rest = '';
	for (;;) {
		try {
			return { real: await realpath(current), rest };
		} catch {
			const parent = path.dirname(current);
			if (parent === current) {
				return { real: current, rest };
			}
			rest = path.join(path.basename(current), rest);
			current = parent;
		}
	}
}

/**
 * Resolves a path param against the workflow's folder and checks that it stays inside the
 * workspace, following symbolic links, so `../` and links cannot reach other files.
 */
export async function resolveInsideWorkspace(
	context: ActionContext,
	file: unknown,
): Promise<string> {
	if (typeof file !== 'string' || file.trim() === '') {
		throw new UserError('invalid_input', '"path" must be a non-empty file path.');
	}
	const target = path.resolve(context.baseDir, file);
	const root = await realpath(context.workspaceRoot).catch(() =>
		path.resolve(context.workspaceRoot),
	);
	const { real, rest } = await realExistingAncestor(target);
	const resolved = path.join(real, rest);
	const relative = path.relative(root, resolved);
	if (relative.startsWith('..') || path.isAbsolute(relative)) {
		throw new UserError(
			'path_outside_workspace',
			`The path "${file}" resolves to ${resolved}, outside the workspace ${root}. Use a path inside the workspace.`,
		);
	}
	return resolved;
}

export const readFileAction: ActionDefinition = {
	type: 'core.readFile',
	title: 'Read File',
	description: 'Reads a file inside the workspace, as text or parsed JSON.',
	category: 'Files',
	icon: 'file',
	inputs: {
		type: 'object',
		properties: {
			path: { type: 'string', title: 'Path', description: 'Relative to the workflow file.' },
			format: {
				enum: ['auto', 'json', 'text'],
				title: 'Format',
				description: 'auto parses .json files.',
			},
		},
		required: ['path'],
		additionalProperties: false,
	},
	outputs: ['out'],
	sampleOutput: { path: 'data/orders.json', content: [] },
	defaultParams: { path: 'data/input.json' },
	async run(context) {
		const { params } = context;
		const file = await resolveInsideWorkspace(context, params.path);
		let text: string;
		try {
			text = await readFile(file, { encoding: 'utf8', signal: context.signal });
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT') {
				throw new OperationalError('file_not_found', `File not found: ${file}.`);
			}
			throw new OperationalError(
				'file_read_failed',
				`Reading ${file} failed: ${(error as Error).message}`,
			);
		}
		const format = params.format ?? 'auto';
		const asJson = format === 'json' || (format === 'auto' && file.endsWith('.json'));
		if (!asJson) {
			return { output: { path: String(params.path), content: text } };
		}
		try {
			return { output: { path: String(params.path), content: JSON.parse(text) } };
		} catch (error) {
			throw new UserError(
				'invalid_json_file',
				`${file} is not valid JSON: ${(error as Error).message}`,
			);
		}
	},
};

export const writeFileAction: ActionDefinition = {
	type: 'core.writeFile',
	title: 'Write File',
	description: 'Writes text or JSON to a file inside the workspace, creating folders as needed.',
	category: 'Files',
	icon: 'save',
	inputs: {
		type: 'object',
		properties: {
			path: { type: 'string', title: 'Path', description: 'Relative to the workflow file.' },
			content: {
				title: 'Content',
				description: 'A string is written as is; anything else as JSON.',
			},
			append: {
				type: 'boolean',
				title: 'Append',
				description: 'Add to the end instead of replacing.',
			},
		},
		required: ['path', 'content'],
		additionalProperties: false,
	},
	outputs: ['out'],
	sampleOutput: { path: 'out/result.json', bytes: 120 },
	defaultParams: { path: 'out/result.json', content: '{{ $input }}' },
	async run(context) {
		const { params } = context;
		const file = await resolveInsideWorkspace(context, params.path);
		const content =
			typeof params.content === 'string'
				? params.content
				: JSON.stringify(params.content ?? null, null, 2) + '\n';
		try {
			await mkdir(path.dirname(file), { recursive: true });
			await writeFile(file, content, {
				encoding: 'utf8',
				flag: params.append ? 'a' : 'w',
				signal: context.signal,
			});
		} catch (error) {
			if (context.signal.aborted) {
				throw context.signal.reason;
			}
			throw new OperationalError(
				'file_write_failed',
				`Writing ${file} failed: ${(error as Error).message}`,
			);
		}
		return { output: { path: String(params.path), bytes: Buffer.byteLength(content) } };
	},
};
