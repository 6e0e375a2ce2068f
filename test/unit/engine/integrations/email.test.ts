import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { testAccount } from '../../../../src/engine';
import type { AccountData } from '../../../../src/shared/accounts';
import { runNode } from './fakeService';

interface ReceivedMail {
	from: string;
	to: string[];
	data: string;
}

describe('email', () => {
	let server: SMTPServer;
	let mails: ReceivedMail[];
	let smtp: AccountData;

	beforeEach(async () => {
		mails = [];
		server = new SMTPServer({
			authOptional: false,
			disabledCommands: ['STARTTLS'],
			onAuth(auth, _session, callback) {
				if (auth.username === 'bot' && auth.password === 'pw') {
					callback(null, { user: 'bot' });
				} else {
					callback(new Error('Invalid username or password'));
				}
			},
			onData(stream, session, callback) {
				const chunks: Buffer[] = [];
				stream.on('data', (chunk: Buffer) => chunks.push(chunk));
				stream.on('end', () => {
					mails.push({
						from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
						to: session.envelope.rcptTo.map((item) => item.address),
						data: Buffer.concat(chunks).toString('utf8'),
					});
					callback();
				});
			},
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.server.address() as AddressInfo;
		smtp = {
			name: 'mail',
			integration: 'email',
			auth: 'smtp',
			fields: {
				host: '127.0.0.1',
				port: String(port),
				security: 'none',
				username: 'bot',
				password: 'pw',
				from: 'Wireflow <bot@example.com>',
			},
		};
	});

	afterEach(async () => {
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	it('sends the mail with the envelope and headers', async () => {
		const node = await runNode(
			'email.send',
			{
				account: 'mail',
				to: ['team@example.com', 'ops@example.com'],
				cc: 'lead@example.com',
				subject: 'Released v1.4.2',
				text: 'It is live.',
			},
			[smtp],
		);

		assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
		assert.equal(mails.length, 1);
		assert.equal(mails[0].from, 'bot@example.com');
		assert.deepEqual(mails[0].to, ['team@example.com', 'ops@example.com', 'lead@example.com']);
		assert.match(mails[0].data, /^Subject: Released v1\.4\.2$/m);
		assert.match(mails[0].data, /^From: Wireflow <bot@example\.com>$/m);
		assert.match(mails[0].data, /It is live\./);
		const output = node.output as { accepted: string[]; rejected: string[]; messageId: string };
		assert.deepEqual(output.accepted, ['team@example.com', 'ops@example.com', 'lead@example.com']);
		assert.deepEqual(output.rejected, []);
		assert.match(output.messageId, /^<.+>$/);
	});

	it('fails with integration_unauthorized on a wrong password', async () => {
		smtp.fields.password = 'wrong';

		const node = await runNode(
			'email.send',
			{ account: 'mail', to: 'team@example.com', subject: 'x', text: 'x' },
			[smtp],
		);

		assert.equal(node.error?.code, 'integration_unauthorized');
		assert.match(node.error?.message ?? '', /account "mail"/);
		assert.equal(mails.length, 0);
	});

	it('fails with integration_request_failed when nothing listens', async () => {
		await new Promise<void>((resolve) => server.close(() => resolve()));
		server = new SMTPServer({ disabledCommands: ['STARTTLS'] });

		const node = await runNode(
			'email.send',
			{ account: 'mail', to: 'team@example.com', subject: 'x', text: 'x' },
			[smtp],
		);

		assert.equal(node.error?.code, 'integration_request_failed');
	});

	it('fails without a sender', async () => {
		delete smtp.fields.from;

		const node = await runNode(
			'email.send',
			{ account: 'mail', to: 'a@example.com', subject: 'x' },
			[smtp],
		);

		assert.equal(node.error?.code, 'missing_input');
	});

	it('testAccount verifies the connection and login', async () => {
		const summary = await testAccount(smtp);

		assert.match(summary, /127\.0\.0\.1 accepted the connection and the login/);
	});
});
