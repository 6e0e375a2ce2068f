/** One choice of a Select: the text shown and the value reported. */
export interface SelectOption {
	label: string;
	value: string;
}

interface SelectProps {
	id: string;
	options: SelectOption[];
	/** Value of the selected option; no option is selected when none has it. */
	value: string | undefined;
	disabled?: boolean;
	label?: string;
	onChange(value: string): void;
}

/**
 * Renders a toolkit dropdown of labelled values. The toolkit's options carry no value attribute when
 * Preact renders them, so an option's value is its label: the dropdown's `value` selects by
 * label, which Preact sets after it has added the options, and the choice is read by index. The
 * key remounts the dropdown when the selection changes from outside, which the toolkit does
 * not pick up by itself.
 */
export function Select(props: SelectProps) {
	const selected = props.options.find((option) => option.value === props.value);
	return (
		<vscode-dropdown
			key={`${props.id}:${props.value ?? ''}:${props.options.length}`}
			id={props.id}
			value={selected?.label}
			disabled={props.disabled}
			aria-label={props.label}
			onChange={(event) => {
				const option = props.options[(event.currentTarget as HTMLSelectElement).selectedIndex];
				if (option && option.value !== props.value) {
					props.onChange(option.value);
				}
			}}
		>
			{props.options.map((option) => (
				<vscode-option key={option.value} selected={option.value === props.value}>
					{option.label}
				</vscode-option>
			))}
		</vscode-dropdown>
	);
}
