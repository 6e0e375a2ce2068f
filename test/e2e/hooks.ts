import type { Context } from 'mocha';
import { setUpSuite, tearDownSuite } from './harness/session';

let failed = false;

/** Root hooks of the end-to-end suite, loaded through `require` in .mocharc.json. */
export const mochaHooks = {
	beforeAll(this: Context): void {
		this.timeout(120_000);
		setUpSuite();
	},
	afterEach(this: Context): void {
		if (this.currentTest?.state === 'failed') {
			failed = true;
		}
	},
	afterAll(): void {
		tearDownSuite(failed);
	},
};
