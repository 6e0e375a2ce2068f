import { memo } from 'preact/compat';
import { type NodeView, hasPortLabels } from '../viewModel';

interface NodeElementProps {
	view: NodeView;
	selected: boolean;
	onPointerDown(id: string, event: PointerEvent): void;
	onOpen(id: string): void;
	onFocus(id: string): void;
}

const STATUS_ICONS: Record<string, string> = {
	succeeded: 'pass-filled',
	failed: 'error',
	running: 'loading codicon-modifier-spin',
	skipped: 'circle-slash',
	cancelled: 'debug-stop',
	pending: 'circle-large-outline',
};

/** One node on the canvas: icon, name, action title and status. jsPlumb moves it while dragged. */
export const NodeElement = memo(function NodeElement(props: NodeElementProps) {
	const { view, selected } = props;
	const errors = view.problems.filter((problem) => problem.severity === 'error').length;
	const warnings = view.problems.length - errors;
	const classes = [
		'wf-node',
		selected && 'wf-node-selected',
		view.isTrigger && 'wf-node-trigger',
		hasPortLabels(view) && 'wf-node-labelled-ports',
		view.node.disabled && 'wf-node-disabled',
		errors > 0 && 'wf-node-error',
		view.status && `wf-node-status-${view.status}`,
	];
	const problemText = view.problems.map((problem) => problem.message).join('\n');
	return (
		<div
			class={classes.filter(Boolean).join(' ')}
			data-node-id={view.id}
			tabIndex={0}
			role="button"
			aria-pressed={selected}
			aria-label={`${view.title}, ${view.subtitle}${errors > 0 ? `, ${errors} errors` : ''}`}
			style={{ left: `${view.position[0]}px`, top: `${view.position[1]}px` }}
			onPointerDown={(event) => props.onPointerDown(view.id, event)}
			onDblClick={() => props.onOpen(view.id)}
			onFocus={() => props.onFocus(view.id)}
		>
			<span class={`wf-node-icon codicon codicon-${view.icon}`} aria-hidden="true" />
			<span class="wf-node-text">
				<span class="wf-node-title">{view.title}</span>
				<span class="wf-node-subtitle">{view.subtitle}</span>
			</span>
			{view.problems.length > 0 && (
				<span
					class={`wf-node-badge codicon codicon-${errors > 0 ? 'error' : 'warning'}`}
					title={problemText}
					aria-label={`${errors} errors, ${warnings} warnings`}
				/>
			)}
			{view.status && view.problems.length === 0 && (
				<span
					class={`wf-node-badge wf-status-${view.status} codicon codicon-${STATUS_ICONS[view.status]}`}
					title={`Last run: ${view.status}`}
				/>
			)}
		</div>
	);
});
