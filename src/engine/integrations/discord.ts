import type { IntegrationDefinition } from './types';

/** Discord through a channel webhook URL; no bot token is needed. */
export const discordIntegration: IntegrationDefinition = {
	id: 'discord',
	name: 'Discord',
	icon: 'comment',
	auth: [
		{
			kind: 'webhook',
			label: 'Channel webhook',
			fields: [
				{
					name: 'webhookUrl',
					label: 'Webhook URL',
					secret: true,
					description: 'Such as https://discord.com/api/webhooks/ID/TOKEN.',
				},
			],
		},
	],
	http: {
		baseUrl: () => '',
		errorDetail: (body) => {
			const message = (body as { message?: unknown })?.message;
			return typeof message === 'string' ? message : undefined;
		},
	},
	operations: [
		{
			id: 'sendMessage',
			name: 'Send Message',
			description:
				"Posts a message to the channel of the account's webhook and outputs the message Discord created.",
			inputs: {
				properties: {
					content: { type: 'string', title: 'Content', description: 'Up to 2000 characters.' },
					username: {
						type: 'string',
						title: 'User name',
						description: "Replaces the webhook's name.",
					},
					avatarUrl: { type: 'string', title: 'Avatar URL' },
					embeds: { type: 'array', title: 'Embeds', description: 'Up to 10 embed objects.' },
				},
			},
			sampleOutput: {
				id: '1234567890123456789',
				channel_id: '1234567890123456780',
				content: 'Released v1.4.2',
				timestamp: '2026-01-05T09:00:00.000000+00:00',
				author: { username: 'Wireflow', bot: true },
			},
			defaultParams: { content: 'Hello from Wireflow' },
			request: (params, account) => ({
				method: 'POST',
				path: account?.fields.webhookUrl ?? '',
				// wait=true makes Discord reply with the created message instead of 204.
				query: { wait: 'true' },
				body: {
					content: params.content,
					username: params.username,
					avatar_url: params.avatarUrl,
					embeds: params.embeds,
				},
			}),
		},
	],
	async test(call) {
		const response = await call.request({
			method: 'GET',
			path: call.account?.fields.webhookUrl ?? '',
		});
		const { name, channel_id: channel } = response.body as { name?: string; channel_id?: string };
		return `The webhook "${name ?? 'unknown'}" posts to channel ${channel ?? 'unknown'}.`;
	},
};
