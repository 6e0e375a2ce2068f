import assert from 'node:assert/strict';
import { testAccount } from '../../../../src/engine';
import type { AccountData } from '../../../../src/shared/accounts';
import { FakeService, type ReceivedRequest, runNode } from './fakeService';

/** Wraps items in the envelope every Spot API reply has. */
function envelope(items: unknown[], kind = 'spotinst:aws:ec2:group') {
	return {
		request: {
			id: 'req-1',
			url: '/aws/ec2/group',
			method: 'GET',
			timestamp: '2026-01-05T09:00:00.000Z',
		},
		response: { status: { code: 200, message: 'OK' }, kind, items, count: items.length },
	};
}

function assertSpotAuth(request: ReceivedRequest): void {
	assert.equal(request.headers.authorization, 'Bearer spot-token');
	assert.equal(request.query.accountId, 'act-12345678');
}

describe('spot', () => {
	let service: FakeService;
	let spot: AccountData;

	beforeEach(async () => {
		service = await FakeService.start();
		spot = {
			name: 'spot-prod',
			integration: 'spot',
			auth: 'bearer',
			fields: { token: 'spot-token', accountId: 'act-12345678', baseUrl: service.url },
		};
	});

	afterEach(async () => {
		await service.close();
	});

	it('listElastigroups outputs the items', async () => {
		service.reply({ body: envelope([{ id: 'sig-1' }, { id: 'sig-2' }]) });

		const node = await runNode('spot.listElastigroups', { account: 'spot-prod' }, [spot]);

		assert.equal(service.last.method, 'GET');
		assert.equal(service.last.path, '/aws/ec2/group');
		assertSpotAuth(service.last);
		assert.deepEqual(node.output, { items: [{ id: 'sig-1' }, { id: 'sig-2' }], count: 2 });
	});

	it('getElastigroup outputs the one group', async () => {
		service.reply({ body: envelope([{ id: 'sig-1', name: 'web' }]) });

		const node = await runNode('spot.getElastigroup', { account: 'spot-prod', groupId: 'sig-1' }, [
			spot,
		]);

		assert.equal(service.last.path, '/aws/ec2/group/sig-1');
		assert.deepEqual(node.output, { id: 'sig-1', name: 'web' });
	});

	for (const direction of ['up', 'down'] as const) {
		it(`scale${direction === 'up' ? 'Up' : 'Down'} sends PUT with the adjustment`, async () => {
			service.reply({ body: envelope([{ instanceId: 'i-1' }]) });

			const node = await runNode(
				direction === 'up' ? 'spot.scaleUp' : 'spot.scaleDown',
				{ account: 'spot-prod', groupId: 'sig-1', adjustment: 2 },
				[spot],
			);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.last.method, 'PUT');
			assert.equal(service.last.path, `/aws/ec2/group/sig-1/scale/${direction}`);
			assert.equal(service.last.query.adjustment, '2');
			assertSpotAuth(service.last);
			assert.deepEqual(node.output, {
				groupId: 'sig-1',
				adjustment: 2,
				items: [{ instanceId: 'i-1' }],
			});
		});
	}

	it('listOceanClusters reads the Ocean path', async () => {
		service.reply({ body: envelope([{ id: 'o-1' }], 'spotinst:ocean:aws:k8s') });

		const node = await runNode('spot.listOceanClusters', { account: 'spot-prod' }, [spot]);

		assert.equal(service.last.path, '/ocean/aws/k8s/cluster');
		assertSpotAuth(service.last);
		assert.deepEqual(node.output, { items: [{ id: 'o-1' }], count: 1 });
	});

	it('reports the Spot error codes of a 400', async () => {
		service.reply({
			status: 400,
			body: {
				request: { id: 'req-2' },
				response: {
					status: { code: 400, message: 'Bad Request' },
					errors: [{ code: 'GROUP_DOESNT_EXIST', message: 'Group sig-9 does not exist' }],
				},
			},
		});

		const node = await runNode('spot.getElastigroup', { account: 'spot-prod', groupId: 'sig-9' }, [
			spot,
		]);

		assert.equal(node.error?.code, 'integration_http_status');
		assert.match(node.error?.message ?? '', /GROUP_DOESNT_EXIST: Group sig-9 does not exist/);
	});

	it('testAccount finds the account id among the visible accounts', async () => {
		service.reply({ body: envelope([{ accountId: 'act-12345678', name: 'prod' }]) });

		const summary = await testAccount(spot);

		assert.equal(service.last.path, '/setup/account');
		assert.match(summary, /act-12345678 \(prod\)/);
	});
});
