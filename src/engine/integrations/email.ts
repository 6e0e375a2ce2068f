import { CancellationError, OperationalError, UserError } from '../../shared/errors';
import type { IntegrationDefinition, OperationCall } from './types';

/** Errors nodemailer raises, as far as the mapping below reads them. */
interface MailError {
	code?: string;
	responseCode?: number;
	response?: string;
	message?: string;
}

/** Builds a nodemailer transport from the account; `security` picks TLS or STARTTLS. */
async function transportOf(call: OperationCall) {
	const nodemailer = await import('nodemailer');
	const fields = call.account?.fields ?? {};
	const security = fields.security || 'starttls';
	const port = Number(fields.port || (security === 'tls' ? 465 : 587));
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new UserError(
			'account_invalid',
			`The SMTP port "${fields.port}" of account "${call.account?.name}" is invalid; give a number such as 587.`,
		);
	}
	return nodemailer.createTransport({
		host: fields.host,
		port,
		secure: security === 'tls',
		requireTLS: security === 'starttls',
		ignoreTLS: security === 'none',
		auth: fields.username ? { user: fields.username, pass: fields.password ?? '' } : undefined,
		connectionTimeout: call.timeoutMs,
		greetingTimeout: call.timeoutMs,
		socketTimeout: call.timeoutMs,
	});
}

/** Runs one SMTP exchange; closes the transport when the run is cancelled. */
async function withTransport<T>(
	call: OperationCall,
	work: (transport: Awaited<ReturnType<typeof transportOf>>) => Promise<T>,
): Promise<T> {
	const transport = await transportOf(call);
	const onAbort = () => transport.close();
	call.signal.addEventListener('abort', onAbort, { once: true });
	try {
		return await work(transport);
	} catch (error) {
		if (call.signal.aborted) {
			throw call.signal.reason ?? new CancellationError();
		}
		throw mailError(error as MailError, call);
	} finally {
		call.signal.removeEventListener('abort', onAbort);
		transport.close();
	}
}

/** Maps a nodemailer error to the integration error codes every integration uses. */
function mailError(error: MailError, call: OperationCall): OperationalError {
	const server = `${call.account?.fields.host ?? ''}:${call.account?.fields.port ?? ''}`;
	const reply = error.response ? ` The server replied: ${error.response}` : '';
	const details = { smtpCode: error.code, responseCode: error.responseCode };
	if (error.code === 'EAUTH') {
		return new OperationalError(
			'integration_unauthorized',
			`The SMTP server ${server} rejected the login of account "${call.account?.name}".${reply} Check the user name and password.`,
			details,
		);
	}
	if (error.code === 'ETIMEDOUT') {
		return new OperationalError(
			'integration_timeout',
			`The SMTP server ${server} did not answer within ${call.timeoutMs} ms.`,
			details,
		);
	}
	if (
		error.code === 'ECONNECTION' ||
		error.code === 'ESOCKET' ||
		error.code === 'EDNS' ||
		error.code === 'ETLS'
	) {
		return new OperationalError(
			'integration_request_failed',
			`Could not reach the SMTP server ${server}: ${error.message ?? error.code}.`,
			details,
		);
	}
	if (error.code === 'EENVELOPE') {
		return new OperationalError(
			'integration_api_error',
			`The SMTP server ${server} rejected the recipients or sender: ${error.message ?? ''}`,
			details,
		);
	}
	return new OperationalError(
		'integration_api_error',
		`Sending mail through ${server} failed: ${error.message ?? String(error)}`,
		details,
	);
}

function addressList(value: unknown): string | string[] | undefined {
	if (Array.isArray(value)) {
		return value.map(String);
	}
	return typeof value === 'string' && value !== '' ? value : undefined;
}

async function sendMail(call: OperationCall) {
	const { params } = call;
	const from = (params.from as string | undefined) || call.account?.fields.from;
	if (!from) {
		throw new UserError(
			'missing_input',
			`No sender: set the node's "from" param, or the "from" field of account "${call.account?.name}".`,
		);
	}
	const info = await withTransport(call, (transport) =>
		transport.sendMail({
			from,
			to: addressList(params.to),
			cc: addressList(params.cc),
			bcc: addressList(params.bcc),
			replyTo: addressList(params.replyTo),
			subject: params.subject as string | undefined,
			text: params.text as string | undefined,
			html: params.html as string | undefined,
		}),
	);
	return {
		messageId: info.messageId,
		accepted: info.accepted.map(String),
		rejected: info.rejected.map(String),
		response: info.response,
	};
}

const addressInput = {
	anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
};

/** Email through any SMTP server, sent with nodemailer. */
export const emailIntegration: IntegrationDefinition = {
	id: 'email',
	name: 'Email (SMTP)',
	icon: 'mail',
	auth: [
		{
			kind: 'smtp',
			label: 'SMTP server',
			fields: [
				{ name: 'host', label: 'Host', description: 'Such as smtp.example.com.' },
				{
					name: 'port',
					label: 'Port',
					optional: true,
					description: 'Defaults to 587, or 465 with tls.',
				},
				{
					name: 'security',
					label: 'Security',
					optional: true,
					description:
						'starttls (the default), tls (TLS from the start, usually port 465) or none.',
				},
				{ name: 'username', label: 'User name', optional: true },
				{ name: 'password', label: 'Password', secret: true, optional: true },
				{
					name: 'from',
					label: 'Default sender',
					optional: true,
					description: 'Such as "Wireflow <bot@example.com>".',
				},
			],
		},
	],
	operations: [
		{
			id: 'send',
			name: 'Send Email',
			description:
				'Sends an email and outputs its message id and the accepted and rejected recipients.',
			inputs: {
				properties: {
					to: {
						...addressInput,
						title: 'To',
						description: 'One address, a comma-separated list, or a list.',
					},
					cc: { ...addressInput, title: 'Cc' },
					bcc: { ...addressInput, title: 'Bcc' },
					from: { type: 'string', title: 'From', description: "Defaults to the account's sender." },
					replyTo: { ...addressInput, title: 'Reply to' },
					subject: { type: 'string', title: 'Subject' },
					text: { type: 'string', title: 'Text' },
					html: { type: 'string', title: 'HTML' },
				},
				required: ['to', 'subject'],
			},
			sampleOutput: {
				messageId: '<b7a1c2e0-1f3d-4a8e-9c55-2f0e7d3a9b10@example.com>',
				accepted: ['team@example.com'],
				rejected: [],
				response: '250 2.0.0 OK queued',
			},
			defaultParams: { to: 'team@example.com', subject: 'Hello from Wireflow' },
			run: sendMail,
		},
	],
	async test(call) {
		await withTransport(call, (transport) => transport.verify());
		return `The SMTP server ${call.account?.fields.host ?? ''} accepted the connection${call.account?.fields.username ? ' and the login' : ''}.`;
	},
};
