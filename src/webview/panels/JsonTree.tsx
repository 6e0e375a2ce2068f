import { useState } from 'preact/hooks';

interface JsonTreeProps {
	value: unknown;
	/** Called with the path of a clicked field. */
	onPick(path: (string | number)[]): void;
}

/** A collapsible tree of a JSON value; each key is a button that picks its path. */
export function JsonTree(props: JsonTreeProps) {
	return (
		<div class="wf-json-tree" role="tree">
			<JsonEntry label={undefined} value={props.value} path={[]} depth={0} onPick={props.onPick} />
		</div>
	);
}

interface EntryProps {
	label: string | number | undefined;
	value: unknown;
	path: (string | number)[];
	depth: number;
	onPick(path: (string | number)[]): void;
}

function JsonEntry(props: EntryProps) {
	const [open, setOpen] = useState(props.depth < 2);
	const { value, label } = props;
	const children = childrenOf(value);
	const key =
		label === undefined ? null : (
			<button
				class="wf-json-key"
				title="Copy the expression of this field"
				onClick={() => props.onPick(props.path)}
			>
				{typeof label === 'number' ? `[${label}]` : label}
			</button>
		);
	if (!children) {
		return (
			<div class="wf-json-row" role="treeitem" style={{ paddingLeft: `${props.depth * 12}px` }}>
				{key}
				{key && <span class="wf-json-colon">: </span>}
				<span class={`wf-json-value wf-json-${value === null ? 'null' : typeof value}`}>
					{JSON.stringify(value)}
				</span>
			</div>
		);
	}
	return (
		<div role="treeitem" aria-expanded={open}>
			<div class="wf-json-row" style={{ paddingLeft: `${props.depth * 12}px` }}>
				<button
					class="wf-json-toggle"
					aria-label={open ? 'Collapse' : 'Expand'}
					onClick={() => setOpen(!open)}
				>
					<span class={`codicon codicon-chevron-${open ? 'down' : 'right'}`} />
				</button>
				{key}
				<span class="wf-json-summary">
					{Array.isArray(value) ? ` [${children.length}]` : ` {${children.length}}`}
				</span>
			</div>
			{open &&
				children.map(([childKey, childValue]) => (
					<JsonEntry
						key={String(childKey)}
						label={childKey}
						value={childValue}
						path={[...props.path, childKey]}
						depth={props.depth + 1}
						onPick={props.onPick}
					/>
				))}
		</div>
	);
}

function childrenOf(value: unknown): [string | number, unknown][] | undefined {
	if (Array.isArray(value)) {
		return value.map((item, index) => [index, item]);
	}
	if (value && typeof value === 'object') {
		return Object.entries(value);
	}
	return undefined;
}
