import type { IntegrationDefinition } from './types';

/** Version of the Adaptive Card format the messages use; Teams renders up to 1.5. */
const ADAPTIVE_CARD_VERSION = '1.4';

/**
 * Microsoft Teams through an incoming webhook URL (a Workflows webhook, or a legacy
 * connector), which posts to one channel. Messages are sent as Adaptive Cards.
 */
export const teamsIntegration: IntegrationDefinition = {
	id: 'teams',
	name: 'Microsoft Teams',
	icon: 'organization',
	auth: [
		{
			kind: 'webhook',
			label: 'Incoming webhook',
			fields: [{ name: 'webhookUrl', label: 'Webhook URL', secret: true }],
		},
	],
	http: {
		baseUrl: () => '',
		errorDetail: (body) =>
			typeof body === 'string' && body.length > 0 && body.length < 300 ? body : undefined,
	},
	operations: [
		{
			id: 'postMessage',
			name: 'Post Message',
			description:
				"Posts a message to the channel of the account's webhook, as an Adaptive Card with an optional title.",
			inputs: {
				properties: {
					title: { type: 'string', title: 'Title' },
					text: {
						type: 'string',
						title: 'Text',
						description: 'Markdown as Adaptive Cards support it.',
					},
					card: {
						type: 'object',
						title: 'Adaptive Card',
						description: 'A whole card to send instead of title and text.',
					},
				},
			},
			sampleOutput: { ok: true, status: 202 },
			defaultParams: { text: 'Hello from Wireflow' },
			request: (params, account) => ({
				method: 'POST',
				path: account?.fields.webhookUrl ?? '',
				body: {
					type: 'message',
					attachments: [
						{
							contentType: 'application/vnd.microsoft.card.adaptive',
							contentUrl: null,
							content: params.card ?? textCard(params.title, params.text),
						},
					],
				},
			}),
			output: ({ status }) => ({ ok: true, status }),
		},
	],
};

function textCard(title: unknown, text: unknown) {
	const body: object[] = [];
	if (typeof title === 'string' && title !== '') {
		body.push({ type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true });
	}
	body.push({ type: 'TextBlock', text: String(text ?? ''), wrap: true });
	return {
		$schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
		type: 'AdaptiveCard',
		version: ADAPTIVE_CARD_VERSION,
		body,
	};
}
