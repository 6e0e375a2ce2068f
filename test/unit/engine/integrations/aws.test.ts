import assert from 'node:assert/strict';
import { testAccount } from '../../../../src/engine';
import { AWS_MAX_ATTEMPTS } from '../../../../src/engine/integrations/aws';
import type { AccountData } from '../../../../src/shared/accounts';
import { FakeService, type ReceivedRequest, type Reply, runNode } from './fakeService';

const xml = (body: string, status = 200): Reply => ({
	status,
	headers: { 'content-type': 'text/xml' },
	body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
});

/** Form fields of an AWS query protocol request (SNS, EC2). */
function formOf(request: ReceivedRequest): Record<string, string> {
	return Object.fromEntries(new URLSearchParams(request.body));
}

function assertSigned(request: ReceivedRequest, service: string): void {
	const authorization = String(request.headers.authorization ?? '');
	assert.match(
		authorization,
		new RegExp(
			`^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/${service}/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$`,
		),
	);
	assert.ok(request.headers['x-amz-date'], 'x-amz-date header');
}

const SNS_NS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

describe('aws', () => {
	let service: FakeService;
	let aws: AccountData;

	beforeEach(async () => {
		service = await FakeService.start();
		aws = {
			name: 'aws-prod',
			integration: 'aws',
			auth: 'accessKey',
			fields: {
				accessKeyId: 'AKIDEXAMPLE',
				secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
				region: 'eu-west-1',
				endpoint: service.url,
			},
		};
	});

	afterEach(async () => {
		await service.close();
	});

	describe('#snsPublish', () => {
		const topicArn = 'arn:aws:sns:eu-west-1:123456789012:releases';

		it('sends a signed Publish and outputs the message id', async () => {
			service.reply(
				xml(
					`<PublishResponse xmlns="${SNS_NS}"><PublishResult><MessageId>msg-1</MessageId></PublishResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>`,
				),
			);

			const node = await runNode(
				'aws.snsPublish',
				{
					account: 'aws-prod',
					topicArn,
					subject: 'Released',
					message: { version: '1.4.2' },
					messageAttributes: { env: 'prod' },
				},
				[aws],
			);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.last.method, 'POST');
			assert.equal(service.last.path, '/');
			assertSigned(service.last, 'sns');
			const form = formOf(service.last);
			assert.equal(form.Action, 'Publish');
			assert.equal(form.Version, '2010-03-31');
			assert.equal(form.TopicArn, topicArn);
			assert.equal(form.Subject, 'Released');
			assert.equal(form.Message, '{"version":"1.4.2"}');
			assert.equal(form['MessageAttributes.entry.1.Name'], 'env');
			assert.equal(form['MessageAttributes.entry.1.Value.DataType'], 'String');
			assert.equal(form['MessageAttributes.entry.1.Value.StringValue'], 'prod');
			assert.deepEqual(node.output, { messageId: 'msg-1', sequenceNumber: null });
		});

		it('maps NotFound to integration_not_found', async () => {
			service.reply(
				xml(
					`<ErrorResponse xmlns="${SNS_NS}"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>req-2</RequestId></ErrorResponse>`,
					404,
				),
			);

			const node = await runNode(
				'aws.snsPublish',
				{ account: 'aws-prod', topicArn, message: 'x' },
				[aws],
			);

			assert.equal(node.error?.code, 'integration_not_found');
			assert.match(node.error?.message ?? '', /Topic does not exist/);
		});

		it('maps a bad signature to integration_unauthorized', async () => {
			service.reply(
				xml(
					`<ErrorResponse xmlns="${SNS_NS}"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error><RequestId>req-3</RequestId></ErrorResponse>`,
					403,
				),
			);

			const node = await runNode(
				'aws.snsPublish',
				{ account: 'aws-prod', topicArn, message: 'x' },
				[aws],
			);

			assert.equal(node.error?.code, 'integration_unauthorized');
		});

		it('retries a 500 with the SDK and then fails', async () => {
			service.handleWith(() =>
				xml(
					`<ErrorResponse xmlns="${SNS_NS}"><Error><Type>Receiver</Type><Code>InternalError</Code><Message>oops</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
					500,
				),
			);

			const node = await runNode(
				'aws.snsPublish',
				{ account: 'aws-prod', topicArn, message: 'x' },
				[aws],
			);

			assert.equal(node.error?.code, 'integration_http_status');
			assert.equal(service.requests.length, AWS_MAX_ATTEMPTS);
		});

		it('fails on a malformed reply', async () => {
			service.reply(xml('<PublishResponse><PublishResult><MessageId>'));

			const node = await runNode(
				'aws.snsPublish',
				{ account: 'aws-prod', topicArn, message: 'x' },
				[aws],
			);

			assert.equal(node.error?.code, 'integration_invalid_response');
			assert.match(node.error?.message ?? '', /XML parse error/);
		});

		it('times out on a reply that never comes', async () => {
			service.handleWith(() => ({ hang: true }));

			const node = await runNode(
				'aws.snsPublish',
				{ account: 'aws-prod', topicArn, message: 'x', timeoutMs: 300 },
				[aws],
			);

			assert.equal(node.error?.code, 'integration_timeout', JSON.stringify(node.error));
			assert.equal(service.requests.length, AWS_MAX_ATTEMPTS);
		});
	});

	describe('#s3', () => {
		it('s3PutObject sends PUT /bucket/key with the body', async () => {
			service.reply({ status: 200, headers: { etag: '"abc"' }, body: '' });

			const node = await runNode(
				'aws.s3PutObject',
				{ account: 'aws-prod', bucket: 'reports', key: 'daily/a b.json', body: { orders: 42 } },
				[aws],
			);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.last.method, 'PUT');
			assert.equal(service.last.path, '/reports/daily/a%20b.json');
			assert.equal(service.last.headers['content-type'], 'application/json');
			assertSigned(service.last, 's3');
			assert.equal(service.last.body, '{"orders":42}');
			assert.deepEqual(node.output, {
				bucket: 'reports',
				key: 'daily/a b.json',
				etag: '"abc"',
				versionId: null,
			});
		});

		it('s3GetObject reads the body as JSON', async () => {
			service.reply({
				status: 200,
				headers: {
					'content-type': 'application/json',
					etag: '"abc"',
					'last-modified': 'Mon, 05 Jan 2026 09:00:00 GMT',
					'x-amz-meta-team': 'web',
				},
				body: '{"orders":42}',
			});

			const node = await runNode(
				'aws.s3GetObject',
				{ account: 'aws-prod', bucket: 'reports', key: 'daily.json', format: 'json' },
				[aws],
			);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.last.method, 'GET');
			assert.equal(service.last.path, '/reports/daily.json');
			assertSigned(service.last, 's3');
			const output = node.output as Record<string, unknown>;
			assert.deepEqual(output.body, { orders: 42 });
			assert.equal(output.etag, '"abc"');
			assert.equal(output.lastModified, '2026-01-05T09:00:00.000Z');
			assert.deepEqual(output.metadata, { team: 'web' });
		});

		it('s3GetObject maps NoSuchKey to integration_not_found', async () => {
			service.reply(
				xml(
					'<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>nope</Key><RequestId>r</RequestId></Error>',
					404,
				),
			);

			const node = await runNode(
				'aws.s3GetObject',
				{ account: 'aws-prod', bucket: 'reports', key: 'nope' },
				[aws],
			);

			assert.equal(node.error?.code, 'integration_not_found');
		});
	});

	describe('#ec2', () => {
		const instance = (id: string, state: string) =>
			`<item><instanceId>${id}</instanceId><imageId>ami-1</imageId><instanceState><code>16</code><name>${state}</name></instanceState><instanceType>t3.micro</instanceType><placement><availabilityZone>eu-west-1a</availabilityZone></placement><privateIpAddress>10.0.0.1</privateIpAddress><launchTime>2026-01-05T09:00:00.000Z</launchTime><tagSet><item><key>Name</key><value>web-1</value></item></tagSet></item>`;

		it('ec2DescribeInstances sends the filters and follows NextToken', async () => {
			service.reply(
				xml(
					`<DescribeInstancesResponse xmlns="${EC2_NS}"><requestId>r1</requestId><reservationSet><item><reservationId>r-1</reservationId><instancesSet>${instance('i-1', 'running')}</instancesSet></item></reservationSet><nextToken>page2</nextToken></DescribeInstancesResponse>`,
				),
				xml(
					`<DescribeInstancesResponse xmlns="${EC2_NS}"><requestId>r2</requestId><reservationSet><item><reservationId>r-2</reservationId><instancesSet>${instance('i-2', 'running')}</instancesSet></item></reservationSet></DescribeInstancesResponse>`,
				),
			);

			const node = await runNode(
				'aws.ec2DescribeInstances',
				{ account: 'aws-prod', filters: { 'instance-state-name': ['running'] } },
				[aws],
			);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.requests.length, 2);
			const first = formOf(service.requests[0]);
			assert.equal(first.Action, 'DescribeInstances');
			assert.equal(first['Filter.1.Name'], 'instance-state-name');
			assert.equal(first['Filter.1.Value.1'], 'running');
			assert.equal(formOf(service.requests[1]).NextToken, 'page2');
			assertSigned(service.requests[0], 'ec2');
			const output = node.output as { items: Record<string, unknown>[]; count: number };
			assert.equal(output.count, 2);
			assert.deepEqual(output.items[0], {
				instanceId: 'i-1',
				state: 'running',
				instanceType: 't3.micro',
				imageId: 'ami-1',
				availabilityZone: 'eu-west-1a',
				privateIpAddress: '10.0.0.1',
				publicIpAddress: null,
				launchTime: '2026-01-05T09:00:00.000Z',
				tags: { Name: 'web-1' },
			});
		});

		it('ec2StartInstances outputs the state changes', async () => {
			service.reply(
				xml(
					`<StartInstancesResponse xmlns="${EC2_NS}"><requestId>r</requestId><instancesSet><item><instanceId>i-1</instanceId><currentState><code>0</code><name>pending</name></currentState><previousState><code>80</code><name>stopped</name></previousState></item></instancesSet></StartInstancesResponse>`,
				),
			);

			const node = await runNode(
				'aws.ec2StartInstances',
				{ account: 'aws-prod', instanceIds: ['i-1'] },
				[aws],
			);

			const form = formOf(service.last);
			assert.equal(form.Action, 'StartInstances');
			assert.equal(form['InstanceId.1'], 'i-1');
			assert.deepEqual(node.output, {
				instances: [{ instanceId: 'i-1', previousState: 'stopped', currentState: 'pending' }],
			});
		});

		it('ec2StopInstances sends Force and maps an unknown id', async () => {
			service.reply(
				xml(
					"<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID 'i-9' does not exist</Message></Error></Errors><RequestID>r</RequestID></Response>",
					400,
				),
			);

			const node = await runNode(
				'aws.ec2StopInstances',
				{ account: 'aws-prod', instanceIds: ['i-9'], force: true },
				[aws],
			);

			const form = formOf(service.last);
			assert.equal(form.Action, 'StopInstances');
			assert.equal(form.Force, 'true');
			assert.equal(node.error?.code, 'integration_not_found');
			assert.match(node.error?.message ?? '', /i-9/);
		});

		it('maps UnauthorizedOperation to integration_unauthorized', async () => {
			service.reply(
				xml(
					'<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>r</RequestID></Response>',
					403,
				),
			);

			const node = await runNode(
				'aws.ec2StartInstances',
				{ account: 'aws-prod', instanceIds: ['i-1'] },
				[aws],
			);

			assert.equal(node.error?.code, 'integration_unauthorized');
		});
	});

	it('testAccount calls DescribeRegions', async () => {
		service.reply(
			xml(
				`<DescribeRegionsResponse xmlns="${EC2_NS}"><requestId>r</requestId><regionInfo><item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint></item></regionInfo></DescribeRegionsResponse>`,
			),
		);

		const summary = await testAccount(aws);

		assert.equal(formOf(service.last).Action, 'DescribeRegions');
		assert.match(summary, /1 region/);
	});
});
