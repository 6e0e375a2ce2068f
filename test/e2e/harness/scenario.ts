import { Session, type SessionOptions } from './session';

/**
 * Gives each test of the enclosing `describe` its own session, and closes it after the test.
 * A failed test leaves a screenshot named `failed-<session name>.png` first.
 */
export function sessionPerTest(): { start(options: SessionOptions): Promise<Session> } {
	let current: { session: Session; name: string } | undefined;

	afterEach(async function () {
		if (!current) {
			return;
		}
		const { session, name } = current;
		current = undefined;
		if (this.currentTest?.state === 'failed') {
			await session.workbench.screenshot(`failed-${name}`).catch(() => undefined);
		}
		await session.close();
	});

	return {
		async start(options: SessionOptions): Promise<Session> {
			const session = await Session.start(options);
			current = { session, name: options.name };
			return session;
		},
	};
}
