import type { DocumentState } from '../../shared/protocol';

interface ErrorViewProps {
	state: Extract<DocumentState, { kind: 'invalid' }>;
	onOpenAsText(): void;
}

/** Shown in place of the canvas when the file is not JSON or not a workflow. */
export function ErrorView(props: ErrorViewProps) {
	const { state } = props;
	const headline =
		state.reason === 'syntax'
			? 'This file is not valid JSON, so the canvas cannot show it.'
			: 'This file is JSON but not a valid workflow, so the canvas cannot show it.';
	return (
		<main class="wf-error-view" role="alert">
			<span class="codicon codicon-warning wf-error-icon" aria-hidden="true" />
			<h1>{headline}</h1>
			<p>
				Fix the problems below in the text editor. The canvas changes nothing in the file until
				then.
			</p>
			<ul class="wf-error-list">
				{state.problems.slice(0, 20).map((problem) => (
					<li>
						<span class="wf-error-place">
							Line {problem.line}, column {problem.column}:
						</span>{' '}
						{problem.message}
					</li>
				))}
			</ul>
			{state.problems.length > 20 && (
				<p>And {state.problems.length - 20} more in the Problems panel.</p>
			)}
			<vscode-button appearance="primary" onClick={props.onOpenAsText}>
				<span slot="start" class="codicon codicon-go-to-file" />
				Open as Text
			</vscode-button>
		</main>
	);
}
