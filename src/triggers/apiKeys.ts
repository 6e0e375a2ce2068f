import { hash, timingSafeEqual } from 'node:crypto';

/**
 * Returns the SHA-256 hashes of the API keys currently accepted. Called on every request, so
 * it must return at once: the extension keeps the hashes from SecretStorage in memory and
 * refreshes them when a key is created or revoked.
 */
export type ApiKeyProvider = () => readonly Uint8Array[];

/** Returns the SHA-256 hash of an API key, the form the key provider returns. */
export function hashApiKey(key: string): Buffer {
	return hash('sha256', key, 'buffer');
}

/** Returns a provider that accepts a fixed set of keys, hashed once. */
export function fixedKeyProvider(keys: readonly string[]): ApiKeyProvider {
	const hashes = keys.map(hashApiKey);
	return () => hashes;
}

/**
 * Checks a presented key against the accepted hashes in constant time: every hash is
 * compared, whichever matches, so the time taken does not tell which key was close.
 */
export function isAcceptedKey(key: string, hashes: readonly Uint8Array[]): boolean {
	const presented = hashApiKey(key);
	let accepted = false;
	for (const candidate of hashes) {
		if (candidate.length === presented.length && timingSafeEqual(candidate, presented)) {
			accepted = true;
		}
	}
	return accepted;
}
