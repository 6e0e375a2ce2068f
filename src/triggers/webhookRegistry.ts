import type { WorkflowPlan } from '../engine';
import { UserError } from '../shared/errors';

/** HTTP methods a webhook trigger may accept. */
export type WebhookMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** Methods accepted when a webhook trigger names none. */
const DEFAULT_METHODS: readonly WebhookMethod[] = ['POST'];

/**
 * Leading segment of the URLs that carry the API key in the path, `/webhook/k/<key>/<path>`,
 * so no webhook path may start with it.
 */
export const KEY_PATH_SEGMENT = 'k';

/** A workflow served under `/webhook/<path>`. */
export interface WebhookRegistration {
	/** Workflow file, as given to `register`. */
	readonly file: string;
	readonly plan: WorkflowPlan;
	/** Path after `/webhook/`, without leading or trailing slashes. */
	readonly path: string;
	readonly methods: ReadonlySet<string>;
	/** Whether the workflow has a `core.respond` node, so the caller waits for its response. */
	readonly responds: boolean;
	/** Disabled webhooks stay registered, to keep their path, but answer 404. */
	enabled: boolean;
	/** Folder that file actions of its runs are confined to; the workflow's folder when unset. */
	readonly workspaceRoot?: string;
}

export interface RegisterOptions {
	/** Defaults to true. */
	enabled?: boolean;
	workspaceRoot?: string;
}

/**
 * Webhook workflows by path. A path belongs to one workflow file; registering a second file
 * with the same path throws a UserError that names both files.
 */
export class WebhookRegistry {
	private readonly _byPath = new Map<string, WebhookRegistration>();
	private readonly _byFile = new Map<string, WebhookRegistration>();

	/**
	 * Adds a workflow whose trigger is `trigger.webhook`, or replaces the registration of the
	 * same file. Throws a UserError for another trigger, a reserved path or a path taken.
	 */
	register(file: string, plan: WorkflowPlan, options: RegisterOptions = {}): WebhookRegistration {
		const registration = registrationOf(file, plan, options);
		const owner = this._byPath.get(registration.path);
		if (owner && owner.file !== file) {
			throw new UserError(
				'webhook_path_taken',
				`Webhook path "${registration.path}" of ${file} is already used by ${owner.file}. Give one of the two workflows another path.`,
				{ path: registration.path, files: [owner.file, file] },
			);
		}
		this.unregister(file);
		this._byPath.set(registration.path, registration);
		this._byFile.set(file, registration);
		return registration;
	}

	/** Removes a workflow file; returns false when it was not registered. */
	unregister(file: string): boolean {
		const registration = this._byFile.get(file);
		if (!registration) {
			return false;
		}
		this._byFile.delete(file);
		this._byPath.delete(registration.path);
		return true;
	}

	/** Turns a registered webhook on or off; returns false when the file is not registered. */
	setEnabled(file: string, enabled: boolean): boolean {
		const registration = this._byFile.get(file);
		if (registration) {
			registration.enabled = enabled;
		}
		return registration !== undefined;
	}

	/** Returns the registration serving a path, enabled or not. */
	lookup(path: string): WebhookRegistration | undefined {
		return this._byPath.get(path);
	}

	/** Returns the registration of a workflow file. */
	get(file: string): WebhookRegistration | undefined {
		return this._byFile.get(file);
	}

	/** Returns every registration, in registration order. */
	list(): WebhookRegistration[] {
		return [...this._byFile.values()];
	}
}

/** Returns a webhook path without leading or trailing slashes. */
export function normalizeWebhookPath(path: string): string {
	return path.replace(/^\/+|\/+$/g, '');
}

function registrationOf(
	file: string,
	plan: WorkflowPlan,
	options: RegisterOptions,
): WebhookRegistration {
	const trigger = plan.trigger.node;
	if (trigger.type !== 'trigger.webhook') {
		throw new UserError(
			'not_a_webhook',
			`${file} starts with a ${trigger.type} node, not trigger.webhook, so it has no webhook to serve.`,
		);
	}
	const path = normalizeWebhookPath(String(trigger.params?.path ?? ''));
	if (path === '' || path === KEY_PATH_SEGMENT || path.startsWith(`${KEY_PATH_SEGMENT}/`)) {
		throw new UserError(
			'webhook_path_reserved',
			`Webhook path "${path}" of ${file} is empty or starts with "${KEY_PATH_SEGMENT}/", which carries API keys in URLs. Choose another path.`,
		);
	}
	const methods = (trigger.params?.methods as WebhookMethod[] | undefined) ?? DEFAULT_METHODS;
	return {
		file,
		plan,
		path,
		methods: new Set(methods.length > 0 ? methods : DEFAULT_METHODS),
		responds: plan.nodes.some((node) => node.node.type === 'core.respond' && !node.node.disabled),
		enabled: options.enabled ?? true,
		workspaceRoot: options.workspaceRoot,
	};
}
