/** Resolves true when every promise settled within the wait, false when the wait ran out. */
export async function settleWithin(promises: Promise<unknown>[], waitMs: number): Promise<boolean> {
	if (promises.length === 0) {
		return true;
	}
	let timer: NodeJS.Timeout | undefined;
	const expired = new Promise<boolean>((resolve) => {
		timer = setTimeout(() => resolve(false), waitMs);
	});
	const settled = Promise.allSettled(promises).then(() => true);
	const result = await Promise.race([settled, expired]);
	clearTimeout(timer);
	return result;
}
