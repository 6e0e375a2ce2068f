/**
 * Finds one cycle in a directed graph, depth first without recursion so deep graphs cannot
 * overflow the stack. Returns the node ids along the cycle, the first repeated at the end, or
 * undefined when the graph is acyclic.
 */
export function findCycle(
	nodeIds: readonly string[],
	successors: ReadonlyMap<string, readonly string[]>,
): string[] | undefined {
	const state = new Map<string, 'open' | 'done'>();
	for (const start of nodeIds) {
		if (state.has(start)) {
			continue;
		}
		const path: string[] = [];
		const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
		state.set(start, 'open');
		path.push(start);
		while (stack.length > 0) {
			const frame = stack[stack.length - 1];
			const targets = successors.get(frame.id) ?? [];
			if (frame.next >= targets.length) {
				state.set(frame.id, 'done');
				stack.pop();
				path.pop();
				continue;
			}
			const target = targets[frame.next++];
			const seen = state.get(target);
			if (seen === 'open') {
				return [...path.slice(path.indexOf(target)), target];
			}
			if (seen === undefined) {
				state.set(target, 'open');
				path.push(target);
				stack.push({ id: target, next: 0 });
			}
		}
	}
	return undefined;
}
