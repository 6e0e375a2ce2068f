import * as vscode from 'vscode';
import type { Logger } from '../shared/logger';

let channel: vscode.LogOutputChannel | undefined;

/** Returns the extension's one log channel, "Wireflow" in the Output view, creating it once. */
export function wireflowLog(): vscode.LogOutputChannel {
	channel ??= vscode.window.createOutputChannel('Wireflow', { log: true });
	return channel;
}

/** Returns a logger that writes to the Wireflow channel with a `[scope]` prefix. */
export function scopedLogger(scope: string): Logger {
	const write =
		(level: 'trace' | 'debug' | 'info' | 'warn' | 'error') =>
		(message: string, meta?: Record<string, unknown>) => {
			const suffix = meta ? ` ${JSON.stringify(meta)}` : '';
			wireflowLog()[level](`[${scope}] ${message}${suffix}`);
		};
	return {
		trace: write('trace'),
		debug: write('debug'),
		info: write('info'),
		warn: write('warn'),
		error: write('error'),
	};
}
