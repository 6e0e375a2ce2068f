import * as vscode from 'vscode';
import { checkAccounts, loadWorkflow } from '../../engine';
import { WORKFLOW_FILE_SUFFIX } from '../../shared/model';
import type { Problem } from '../../shared/problems';
import { Disposable } from '../dispose';
import type { WorkspaceWorkflows } from '../home/workspaceWorkflows';
import { webhookPathConflicts } from './crossFileProblems';
import type { AccountDirectory } from './editorServices';

/** Wait after the last change of a workflow document before it is checked again, in milliseconds. */
const CHECK_DELAY_MS = 200;

/**
 * Keeps the Problems panel in step with every open workflow document, whichever editor shows it:
 * checks each one when it opens and shortly after it changes, and clears it when it closes.
 * Once it has the workspace's workflows, it also reports a webhook path that two workflows
 * claim, on both files, including files that are not open.
 */
export class WorkflowDiagnostics extends Disposable {
	private readonly _collection = this._register(
		vscode.languages.createDiagnosticCollection('wireflow'),
	);
	private readonly _timers = new Map<string, ReturnType<typeof setTimeout>>();
	private _workflows: WorkspaceWorkflows | undefined;
	private _accounts: AccountDirectory | undefined;

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

	/** Adds the problems that span files, and checks again whenever a workflow file changes. */
	setWorkflows(workflows: WorkspaceWorkflows): void {
		this._workflows = workflows;
		this._register(workflows.onDidChange(() => this._checkAll()));
		this._checkAll();
	}

	/** Adds the accounts check: an account a node names must exist on this machine. */
	setAccounts(accounts: AccountDirectory): void {
		this._accounts = accounts;
		this._register(accounts.onDidChange(() => this._checkAll()));
		this._checkAll();
	}

	/** Checks a document now and replaces its diagnostics; ignores files that are not workflows. */
	check(document: vscode.TextDocument): void {
		if (!isWorkflowDocument(document)) {
			return;
		}
		const file = document.uri.fsPath;
		const loaded = loadWorkflow(document.getText(), file);
		const others = this._workflows?.index.entries() ?? [];
		const accounts = this._accounts;
		const problems = [
			...loaded.problems,
			...webhookPathConflicts(loaded, file, others, label),
			...(accounts ? checkAccounts(loaded, (name) => accounts.describe(name)) : []),
		];
		this._collection.set(
			document.uri,
			problems.map((problem) => toDiagnostic(problem, document)),
		);
	}

	/** Checks every open workflow document, and the other indexed files for shared paths. */
	private _checkAll(): void {
		const open = new Set<string>();
		for (const document of vscode.workspace.textDocuments) {
			if (isWorkflowDocument(document)) {
				open.add(document.uri.toString());
				this.check(document);
			}
		}
		for (const entry of this._workflows?.index.entries() ?? []) {
			const uri = vscode.Uri.file(entry.file);
			if (!open.has(uri.toString())) {
				this._checkClosed(uri);
			}
		}
	}

	/** Reports the shared webhook path of a file that no editor has open, as it is on disk. */
	private _checkClosed(uri: vscode.Uri): void {
		const problems = this._workflows?.index.crossFileProblems(uri.fsPath) ?? [];
		if (problems.length === 0) {
			this._collection.delete(uri);
			return;
		}
		this._collection.set(uri, problems.map(toClosedFileDiagnostic));
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
		if (this._workflows && uri.scheme === 'file') {
			this._checkClosed(uri);
		}
	}
}

/** Returns true for documents whose file name ends in `.workflow.json`. */
export function isWorkflowDocument(document: vscode.TextDocument): boolean {
	return document.uri.path.endsWith(WORKFLOW_FILE_SUFFIX);
}

function label(file: string): string {
	return vscode.workspace.asRelativePath(file);
}

function toDiagnostic(problem: Problem, document: vscode.TextDocument): vscode.Diagnostic {
	const start = document.positionAt(problem.offset);
	const range = new vscode.Range(
		start,
		document.positionAt(problem.offset + Math.max(problem.length, 1)),
	);
	return withSource(problem, range);
}

/** Places a problem by its line and column, since no document of the file is open. */
function toClosedFileDiagnostic(problem: Problem): vscode.Diagnostic {
	const start = new vscode.Position(problem.line - 1, problem.column - 1);
	return withSource(
		problem,
		new vscode.Range(start, start.translate(0, Math.max(problem.length, 1))),
	);
}

function withSource(problem: Problem, range: vscode.Range): vscode.Diagnostic {
	const severity =
		problem.severity === 'error'
			? vscode.DiagnosticSeverity.Error
			: vscode.DiagnosticSeverity.Warning;
	const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
	diagnostic.source = 'wireflow';
	diagnostic.code = problem.code;
	return diagnostic;
}
