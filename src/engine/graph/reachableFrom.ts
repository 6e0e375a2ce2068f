/** Returns the ids reachable from `start` along `successors`, `start` included. */
export function reachableFrom(
	start: string,
	successors: ReadonlyMap<string, readonly string[]>,
): Set<string> {
	const seen = new Set<string>([start]);
	const queue = [start];
	while (queue.length > 0) {
		const id = queue.pop() as string;
		for (const target of successors.get(id) ?? []) {
			if (!seen.has(target)) {
				seen.add(target);
				queue.push(target);
			}
		}
	}
	return seen;
}
