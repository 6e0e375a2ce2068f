import * as vscode from 'vscode';
import { loadWorkflow } from '../../engine';
import { WORKFLOW_FILE_SUFFIX } from '../../shared/model';
import type { Problem } from '../../shared/problems';
import { Disposable } from '../dispose';

/** Wait after the last change of a workflow document before it is checked again, in milliseconds. */
const CHECK_DELAY_MS = 200;

/**
 * Keeps the Problems panel in step with every open workflow document, whichever editor shows it:
 * checks each one when it opens and shortly after it changes, and clears it when it closes.
 */
export class WorkflowDiagnostics extends Disposable {
	private readonly _collection = this._register(
		vscode.languages.createDiagnosticCollection('wireflow'),
	);
	private readonly _timers = new Map<string, ReturnType<typeof setTimeout>>();

	constructor() {
		super();
		this._register(vscode.workspace.onDidOpenTextDocument((document) => this.check(document)));
		this._register(
			vscode.workspace.onDidChangeTextDocument((event) => this._scheduleCheck(event.document)),
		);
		this._register(
			vscode.workspace.onDidCloseTextDocument((document) => this._clear(document.uri)),
		);
		this._register({ dispose: () => this._timers.forEach((timer) => clearTimeout(timer)) });
		vscode.workspace.textDocuments.forEach((document) => this.check(document));
	}

	/** Checks a document now and replaces its diagnostics; ignores files that are not workflows. */
	check(document: vscode.TextDocument): void {
		if (!isWorkflowDocument(document)) {
			return;
		}
		const problems = loadWorkflow(document.getText(), document.uri.fsPath).problems;
		this._collection.set(
			document.uri,
			problems.map((problem) => toDiagnostic(problem, document)),
		);
	}

	private _scheduleCheck(document: vscode.TextDocument): void {
		if (!isWorkflowDocument(document)) {
			return;
		}
		const key = document.uri.toString();
		clearTimeout(this._timers.get(key));
		this._timers.set(
			key,
			setTimeout(() => {
				this._timers.delete(key);
				this.check(document);
			}, CHECK_DELAY_MS),
		);
	}

	private _clear(uri: vscode.Uri): void {
		clearTimeout(this._timers.get(uri.toString()));
		this._timers.delete(uri.toString());
		this._collection.delete(uri);
	}
}

/** Returns true for documents whose file name ends in `.workflow.json`. */
export function isWorkflowDocument(document: vscode.TextDocument): boolean {
	return document.uri.path.endsWith(WORKFLOW_FILE_SUFFIX);
}

function toDiagnostic(problem: Problem, document: vscode.TextDocument): vscode.Diagnostic {
	const start = document.positionAt(problem.offset);
	const range = new vscode.Range(
		start,
		document.positionAt(problem.offset + Math.max(problem.length, 1)),
	);
	const severity =
		problem.severity === 'error'
			? vscode.DiagnosticSeverity.Error
			: vscode.DiagnosticSeverity.Warning;
	const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
	diagnostic.source = 'wireflow';
	diagnostic.code = problem.code;
	return diagnostic;
}
