interface ToolbarProps {
	paletteOpen: boolean;
	zoom: number;
	onTogglePalette(): void;
	onRun(): void;
	onValidate(): void;
	onFit(): void;
	onAutoLayout(): void;
	onZoom(factor: number): void;
}

/** The row of canvas commands above the graph. */
export function Toolbar(props: ToolbarProps) {
	return (
		<div class="wf-toolbar" role="toolbar" aria-label="Workflow">
			<vscode-button
				appearance="icon"
				class="wf-palette-toggle"
				aria-label={props.paletteOpen ? 'Hide actions' : 'Add an action'}
				aria-pressed={props.paletteOpen}
				title={props.paletteOpen ? 'Hide actions' : 'Add an action'}
				onClick={props.onTogglePalette}
			>
				<span class={`codicon codicon-${props.paletteOpen ? 'close' : 'add'}`} />
			</vscode-button>
			<vscode-button appearance="primary" onClick={props.onRun} title="Run the workflow">
				<span slot="start" class="codicon codicon-play" />
				Run
			</vscode-button>
			<vscode-button
				appearance="secondary"
				onClick={props.onValidate}
				title="Check the workflow for problems"
			>
				<span slot="start" class="codicon codicon-check-all" />
				Validate
			</vscode-button>
			<span class="wf-toolbar-spacer" />
			<vscode-button
				appearance="icon"
				aria-label="Zoom out"
				title="Zoom out"
				onClick={() => props.onZoom(1 / 1.2)}
			>
				<span class="codicon codicon-zoom-out" />
			</vscode-button>
			<span class="wf-zoom-level" aria-live="polite">
				{Math.round(props.zoom * 100)}%
			</span>
			<vscode-button
				appearance="icon"
				aria-label="Zoom in"
				title="Zoom in"
				onClick={() => props.onZoom(1.2)}
			>
				<span class="codicon codicon-zoom-in" />
			</vscode-button>
			<vscode-button
				appearance="icon"
				aria-label="Fit to view"
				title="Fit to view"
				onClick={props.onFit}
			>
				<span class="codicon codicon-screen-full" />
			</vscode-button>
			<vscode-button
				appearance="icon"
				aria-label="Auto-layout"
				title="Auto-layout"
				onClick={props.onAutoLayout}
			>
				<span class="codicon codicon-type-hierarchy-sub" />
			</vscode-button>
		</div>
	);
}
