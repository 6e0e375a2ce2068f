import type { ActionDescriptor } from '../../shared/actions';
import type { IntegrationAccounts, WorkflowEdit } from '../../shared/protocol';
import type { NodeView } from '../viewModel';
import { Select, type SelectOption } from './Select';

/** Value of the account option that runs Add Account instead of choosing an account. */
const ADD_ACCOUNT = '\u0000add';

/** Value of the account option that leaves the account out. */
const NO_ACCOUNT = '';

interface IntegrationSectionProps {
	view: NodeView;
	descriptor: ActionDescriptor & { integration: NonNullable<ActionDescriptor['integration']> };
	/** Every action descriptor, to list the integration's operations. */
	descriptors: readonly ActionDescriptor[];
	accounts: IntegrationAccounts | undefined;
	onEdit(edit: WorkflowEdit): void;
	onAddAccount(integration: string): void;
}

/**
 * Renders the integration part of an integration node's panel: the integration, the account chosen by
 * name from this machine's accounts, and the operation, which changes the node's type.
 */
export function IntegrationSection(props: IntegrationSectionProps) {
	const { view, descriptor } = props;
	const integration = descriptor.integration;
	const operations = props.descriptors.filter(
		(candidate) => candidate.integration?.id === integration.id,
	);
	return (
		<section class="wf-integration" aria-label="Integration">
			<div class="wf-field">
				<span class="wf-field-label">Integration</span>
				<span class="wf-integration-name">
					<span class={`codicon codicon-${integration.icon}`} aria-hidden="true" />
					{integration.name}
				</span>
			</div>
			{props.accounts?.available && <AccountField {...props} />}
			<div class="wf-field">
				<label class="wf-field-label" for="node-operation">
					Operation
				</label>
				<Select
					id="node-operation"
					label="Operation"
					options={operations.map((operation) => ({
						label: operationLabel(operation),
						value: operation.type,
					}))}
					value={view.node.type}
					onChange={(actionType) =>
						props.onEdit({ kind: 'changeOperation', nodeId: view.id, actionType })
					}
				/>
				<div class="wf-field-help">
					Changing it keeps the parameters the other operation also has.
				</div>
			</div>
		</section>
	);
}

function AccountField(props: IntegrationSectionProps) {
	const { view, descriptor } = props;
	const integration = descriptor.integration;
	const names = props.accounts?.byIntegration[integration.id] ?? [];
	const current = typeof view.node.params?.account === 'string' ? view.node.params.account : '';
	const required = (descriptor.inputs.required as string[] | undefined)?.includes('account');
	const options: SelectOption[] = [];
	if (!required || current === '') {
		options.push({ label: required ? '(choose an account)' : '(none)', value: NO_ACCOUNT });
	}
	options.push(...names.map((name) => ({ label: name, value: name })));
	if (current !== '' && !names.includes(current)) {
		const missing = current.includes('{{') ? current : `${current} (not on this machine)`;
		options.push({ label: missing, value: current });
	}
	options.push({ label: 'Add account…', value: ADD_ACCOUNT });
	return (
		<div class="wf-field">
			<label class="wf-field-label" for="node-account">
				Account
				{required && (
					<span class="wf-required" aria-label="required">
						{' '}
						*
					</span>
				)}
			</label>
			<Select
				id="node-account"
				label="Account"
				options={options}
				value={current}
				onChange={(value) => {
					if (value === ADD_ACCOUNT) {
						props.onAddAccount(integration.id);
						return;
					}
					props.onEdit({
						kind: 'setParam',
						nodeId: view.id,
						path: ['account'],
						value: value === NO_ACCOUNT ? undefined : value,
					});
				}}
			/>
			{current !== '' && !names.includes(current) && !current.includes('{{') && (
				<div class="wf-field-error" role="alert">
					This machine has no {integration.name} account named "{current}". Add it, or choose
					another.
				</div>
			)}
		</div>
	);
}

/** Returns an operation's title without the integration name its action title starts with. */
export function operationLabel(descriptor: ActionDescriptor): string {
	const prefix = descriptor.integration ? `${descriptor.integration.name}: ` : '';
	return prefix && descriptor.title.startsWith(prefix)
		? descriptor.title.slice(prefix.length)
		: descriptor.title;
}
