/**
 * Polls `condition` every `intervalMs` until it returns true, and throws a timeout error naming
 * `description` after `timeoutMs`. An error thrown by the condition ends the wait at once.
 */
export async function waitFor(
	description: string,
	timeoutMs: number,
	condition: () => boolean | Promise<boolean>,
	intervalMs = 100,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) {
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
