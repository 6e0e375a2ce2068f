import { useMemo, useState } from 'preact/hooks';
import type { ActionDescriptor } from '../../shared/actions';
import { ACTION_DRAG_TYPE } from '../canvas/Canvas';
import { operationLabel } from './IntegrationSection';

interface PaletteProps {
	descriptors: ActionDescriptor[];
	/** Adds the action next to the selected node, or in view when none is selected. */
	onAdd(actionType: string): void;
	onClose(): void;
}

/** A palette group: a category of actions, or one integration with its operations. */
interface ActionGroup {
	title: string;
	/** Codicon of an integration group. */
	icon?: string;
	actions: ActionDescriptor[];
}

/**
 * Renders the action palette: actions grouped by category, integration operations under their
 * integration, filtered by a search box.
 */
export function Palette(props: PaletteProps) {
	const [query, setQuery] = useState('');
	const groups = useMemo(() => groupActions(props.descriptors, query), [props.descriptors, query]);
	const first = groups[0]?.actions[0];
	return (
		<aside class="wf-palette" aria-label="Actions">
			<vscode-text-field
				class="wf-palette-search"
				placeholder="Search actions"
				aria-label="Search actions"
				value={query}
				autoFocus
				onInput={(event) => setQuery((event.currentTarget as HTMLInputElement).value)}
				onKeyDown={(event) => {
					if (event.key === 'Enter' && first) {
						props.onAdd(first.type);
					} else if (event.key === 'Escape') {
						props.onClose();
					}
				}}
			>
				<span slot="start" class="codicon codicon-search" />
			</vscode-text-field>
			<div class="wf-palette-list" role="listbox" aria-label="Actions by category">
				{groups.map((group) => (
					<section key={group.title} class="wf-palette-group">
						<h3 class="wf-palette-category">
							{group.icon && <span class={`codicon codicon-${group.icon}`} aria-hidden="true" />}
							{group.title}
						</h3>
						{group.actions.map((action) => (
							<div
								key={action.type}
								class="wf-palette-item"
								role="option"
								tabIndex={0}
								draggable
								data-action-type={action.type}
								title={action.description}
								onDragStart={(event) => {
									event.dataTransfer?.setData(ACTION_DRAG_TYPE, action.type);
									event.dataTransfer!.effectAllowed = 'copy';
								}}
								onDblClick={() => props.onAdd(action.type)}
								onKeyDown={(event) => {
									if (event.key === 'Enter') {
										event.preventDefault();
										props.onAdd(action.type);
									}
								}}
							>
								<span class={`codicon codicon-${action.icon}`} aria-hidden="true" />
								<span class="wf-palette-title">{operationLabel(action)}</span>
							</div>
						))}
					</section>
				))}
				{groups.length === 0 && <p class="wf-field-help">No action matches "{query}".</p>}
			</div>
		</aside>
	);
}

function groupActions(descriptors: ActionDescriptor[], query: string): ActionGroup[] {
	const words = query.toLowerCase().split(/\s+/).filter(Boolean);
	const groups = new Map<string, ActionGroup>();
	for (const descriptor of descriptors) {
		const integration = descriptor.integration;
		const haystack =
			`${descriptor.title} ${descriptor.type} ${descriptor.category} ${integration?.name ?? ''} ${descriptor.description}`.toLowerCase();
		if (!words.every((word) => haystack.includes(word))) {
			continue;
		}
		const title = integration?.name ?? descriptor.category;
		const group = groups.get(title) ?? { title, icon: integration?.icon, actions: [] };
		group.actions.push(descriptor);
		groups.set(title, group);
	}
	return [...groups.values()];
}
