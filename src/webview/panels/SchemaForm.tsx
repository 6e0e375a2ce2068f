import { useEffect, useState } from 'preact/hooks';
import type { JsonSchema } from '../../shared/actions';
import type { JsonValue } from '../../shared/model';
import type { Problem } from '../../shared/problems';
import {
	fieldKind,
	isPlainObject,
	propertiesOf,
	requiredOf,
	validateValue,
} from './schemaValidation';

/** Path inside a node's `params`. */
export type ParamPath = (string | number)[];

interface FormProps {
	schema: JsonSchema;
	value: { [key: string]: JsonValue };
	path: ParamPath;
	/** Problems of the node whose path lies inside `params`, by path joined with '/'. */
	problems: ReadonlyMap<string, Problem[]>;
	/** Properties another part of the panel edits, left out of the form. */
	hidden?: ReadonlySet<string>;
	onChange(path: ParamPath, value: JsonValue | undefined): void;
}

/** An input for each property of an object schema, in schema order, with inline validation. */
export function SchemaForm(props: FormProps) {
	const required = requiredOf(props.schema);
	const shown = propertiesOf(props.schema).filter(([name]) => !props.hidden?.has(name));
	return (
		<div class="wf-form">
			{shown.map(([name, schema]) => (
				<SchemaField
					key={name}
					name={name}
					schema={schema}
					value={props.value[name]}
					required={required.includes(name)}
					path={[...props.path, name]}
					problems={props.problems}
					onChange={props.onChange}
				/>
			))}
		</div>
	);
}

interface FieldProps {
	name: string;
	schema: JsonSchema;
	value: JsonValue | undefined;
	required: boolean;
	path: ParamPath;
	problems: ReadonlyMap<string, Problem[]>;
	onChange(path: ParamPath, value: JsonValue | undefined): void;
}

function SchemaField(props: FieldProps) {
	const { name, schema } = props;
	const label = typeof schema.title === 'string' ? schema.title : name;
	const kind = fieldKind(name, schema, props.value);
	const fileProblems = props.problems.get(props.path.join('/')) ?? [];
	const inputId = `param-${props.path.join('-')}`;
	return (
		<div class={`wf-field wf-field-${kind}`} data-param={props.path.join('.')}>
			{kind !== 'boolean' && (
				<label class="wf-field-label" for={inputId}>
					{label}
					{props.required && (
						<span class="wf-required" aria-label="required">
							{' '}
							*
						</span>
					)}
				</label>
			)}
			<FieldInput {...props} kind={kind} label={label} inputId={inputId} />
			{typeof schema.description === 'string' && (
				<div class="wf-field-help">{schema.description}</div>
			)}
			{fileProblems.map((problem) => (
				<div class="wf-field-error" role="alert">
					{problem.message}
				</div>
			))}
		</div>
	);
}

function FieldInput(
	props: FieldProps & { kind: ReturnType<typeof fieldKind>; label: string; inputId: string },
) {
	switch (props.kind) {
		case 'enum':
			return <EnumInput {...props} />;
		case 'boolean':
			return (
				<vscode-checkbox
					id={props.inputId}
					checked={props.value === true}
					onChange={(event) =>
						props.onChange(
							props.path,
							(event.currentTarget as HTMLInputElement).checked || undefined,
						)
					}
				>
					{props.label}
				</vscode-checkbox>
			);
		case 'object':
			return (
				<fieldset class="wf-fieldset">
					<SchemaForm
						schema={props.schema}
						value={isPlainObject(props.value) ? props.value : {}}
						path={props.path}
						problems={props.problems}
						onChange={props.onChange}
					/>
				</fieldset>
			);
		case 'list':
			return <ListInput {...props} />;
		default:
			return <TextInput {...props} />;
	}
}

function EnumInput(props: FieldProps & { inputId: string }) {
	const options = (props.schema.enum as JsonValue[]).map((option) => String(option));
	const current = props.value === undefined ? '' : String(props.value);
	return (
		<vscode-dropdown
			id={props.inputId}
			onChange={(event) => {
				const index =
					(event.currentTarget as HTMLSelectElement).selectedIndex - (props.required ? 0 : 1);
				const choice = index >= 0 ? (props.schema.enum as JsonValue[])[index] : undefined;
				props.onChange(props.path, choice);
			}}
		>
			{!props.required && <vscode-option selected={current === ''}>(not set)</vscode-option>}
			{options.map((option) => (
				<vscode-option key={option} selected={option === current}>
					{option}
				</vscode-option>
			))}
		</vscode-dropdown>
	);
}

/** A text, number or JSON input; writes on change (blur or Enter) and only a valid value. */
function TextInput(props: FieldProps & { kind: ReturnType<typeof fieldKind>; inputId: string }) {
	const shown = formatForInput(props.kind, props.value);
	const [draft, setDraft] = useState(shown);
	const [error, setError] = useState<string>();
	useEffect(() => {
		setDraft(shown);
		setError(validateValue(props.schema, props.value, props.required));
	}, [shown, props.path.join('/')]);

	const commit = (text: string) => {
		const parsed = parseInput(props.kind, text);
		if ('error' in parsed) {
			setError(parsed.error);
			return;
		}
		const problem = validateValue(props.schema, parsed.value, props.required);
		setError(problem);
		if (!problem || parsed.value === undefined) {
			props.onChange(props.path, parsed.value);
		}
	};

	const multiline = props.kind === 'multiline' || props.kind === 'json';
	const common = {
		id: props.inputId,
		value: draft,
		class: error ? 'wf-invalid' : undefined,
		'aria-invalid': error ? ('true' as const) : undefined,
		onInput: (event: Event) => setDraft((event.currentTarget as HTMLInputElement).value),
		onChange: (event: Event) => commit((event.currentTarget as HTMLInputElement).value),
	};
	return (
		<>
			{multiline ? (
				<vscode-text-area {...common} rows={props.kind === 'json' ? 4 : 3} resize="vertical" />
			) : (
				<vscode-text-field {...common} />
			)}
			{error && (
				<div class="wf-field-error" role="alert">
					{error}
				</div>
			)}
		</>
	);
}

function ListInput(props: FieldProps) {
	const items = Array.isArray(props.value) ? props.value : [];
	const itemSchema = props.schema.items as JsonSchema;
	return (
		<div class="wf-list">
			{items.map((item, index) => (
				<fieldset class="wf-fieldset wf-list-item" key={index}>
					<legend>
						{index + 1}
						<vscode-button
							appearance="icon"
							aria-label={`Remove item ${index + 1}`}
							title="Remove"
							onClick={() =>
								props.onChange(
									props.path,
									items.filter((_, at) => at !== index),
								)
							}
						>
							<span class="codicon codicon-trash" />
						</vscode-button>
					</legend>
					<SchemaForm
						schema={itemSchema}
						value={isPlainObject(item) ? item : {}}
						path={[...props.path, index]}
						problems={props.problems}
						onChange={props.onChange}
					/>
				</fieldset>
			))}
			<vscode-button
				appearance="secondary"
				onClick={() => props.onChange(props.path, [...items, {}])}
			>
				<span slot="start" class="codicon codicon-add" />
				Add
			</vscode-button>
		</div>
	);
}

function formatForInput(kind: string, value: JsonValue | undefined): string {
	if (value === undefined) {
		return '';
	}
	if (kind === 'json') {
		return JSON.stringify(value, null, 2);
	}
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function parseInput(
	kind: string,
	text: string,
): { value: JsonValue | undefined } | { error: string } {
	if (text.trim() === '') {
		return { value: undefined };
	}
	if (kind === 'number') {
		if (text.includes('{{')) {
			return { value: text };
		}
		const number = Number(text);
		return Number.isFinite(number) ? { value: number } : { error: 'Must be a number.' };
	}
	if (kind === 'json') {
		if (text.trim().startsWith('{{')) {
			return { value: text };
		}
		try {
			return { value: JSON.parse(text) as JsonValue };
		} catch (error) {
			return { error: `Invalid JSON: ${(error as Error).message}` };
		}
	}
	return { value: text };
}
