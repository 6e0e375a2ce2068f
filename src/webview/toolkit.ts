import {
	provideVSCodeDesignSystem,
	vsCodeBadge,
	vsCodeButton,
	vsCodeCheckbox,
	vsCodeDivider,
	vsCodeDropdown,
	vsCodeOption,
	vsCodePanels,
	vsCodePanelTab,
	vsCodePanelView,
	vsCodeTextArea,
	vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import type { JSX } from 'preact';

/** Registers the webview UI toolkit elements the editor uses; call once before rendering. */
export function registerToolkit(): void {
	provideVSCodeDesignSystem().register(
		vsCodeBadge(),
		vsCodeButton(),
		vsCodeCheckbox(),
		vsCodeDivider(),
		vsCodeDropdown(),
		vsCodeOption(),
		vsCodePanels(),
		vsCodePanelTab(),
		vsCodePanelView(),
		vsCodeTextArea(),
		vsCodeTextField(),
	);
}

/** Attributes and properties of the toolkit elements, as the editor sets them from JSX. */
type ToolkitProps = JSX.HTMLAttributes<HTMLElement> & {
	appearance?: 'primary' | 'secondary' | 'icon';
	value?: string;
	placeholder?: string;
	disabled?: boolean;
	checked?: boolean;
	readonly?: boolean;
	selected?: boolean;
	resize?: 'none' | 'both' | 'horizontal' | 'vertical';
	rows?: number;
	activeid?: string;
};

declare module 'preact' {
	namespace JSX {
		interface IntrinsicElements {
			'vscode-badge': ToolkitProps;
			'vscode-button': ToolkitProps;
			'vscode-checkbox': ToolkitProps;
			'vscode-divider': ToolkitProps;
			'vscode-dropdown': ToolkitProps;
			'vscode-option': ToolkitProps;
			'vscode-panels': ToolkitProps;
			'vscode-panel-tab': ToolkitProps;
			'vscode-panel-view': ToolkitProps;
			'vscode-text-area': ToolkitProps;
			'vscode-text-field': ToolkitProps;
		}
	}
}
