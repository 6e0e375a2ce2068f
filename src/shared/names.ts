/** Prefixes a workflow name may not start with, in any letter case. */
export const RESERVED_NAME_PREFIXES = ['aws', 'amazon', 'amz'] as const;

/**
 * Checks a workflow name: it must hold a visible character and must not start with a reserved
 * prefix in any letter case. Returns a message naming the fix, or undefined when it is valid.
 */
export function checkWorkflowName(name: string): string | undefined {
	const trimmed = name.trim();
	if (trimmed === '') {
		return 'The workflow name is empty. Give the workflow a name, such as "Notify on deploy".';
	}
	const lower = trimmed.toLowerCase();
	const prefix = RESERVED_NAME_PREFIXES.find((candidate) => lower.startsWith(candidate));
	if (prefix) {
		return `The workflow name "${trimmed}" starts with "${trimmed.slice(0, prefix.length)}"; names may not start with "aws", "amazon" or "amz" in any letter case. Choose another name.`;
	}
	return undefined;
}

/** Turns a display name into a readable id or file name stem: `Fetch User` becomes `fetch-user`. */
export function slugify(name: string): string {
	const slug = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	return slug || 'node';
}

/** Returns `base`, or `base-2`, `base-3`… whichever is not in `taken`. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
	if (!taken.has(base)) {
		return base;
	}
	for (let n = 2; ; n++) {
		const candidate = `${base}-${n}`;
		if (!taken.has(candidate)) {
			return candidate;
		}
	}
}
