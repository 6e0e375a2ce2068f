import { readFileSync } from 'node:fs';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;

/**
 * Returns the entry names of a zip file, such as a `.vsix`, from its central directory. Handles
 * plain zip files only: no ZIP64 and no archive split over several files.
 */
export function zipEntries(file: string): string[] {
	const zip = readFileSync(file);
	const end = findEndOfCentralDirectory(zip, file);
	const count = zip.readUInt16LE(end + 10);
	let offset = zip.readUInt32LE(end + 16);
	const names: string[] = [];
	for (let index = 0; index < count; index++) {
		if (zip.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) {
			throw new Error(`${file}: invalid central directory entry at byte ${offset}`);
		}
		const nameLength = zip.readUInt16LE(offset + 28);
		const extraLength = zip.readUInt16LE(offset + 30);
		const commentLength = zip.readUInt16LE(offset + 32);
		names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
		offset += 46 + nameLength + extraLength + commentLength;
	}
	return names;
}

/** Finds the end of central directory record, which only a comment of up to 65,535 bytes follows. */
function findEndOfCentralDirectory(zip: Buffer, file: string): number {
	const earliest = Math.max(0, zip.length - 22 - 0xffff);
	for (let offset = zip.length - 22; offset >= earliest; offset--) {
		if (zip.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
			return offset;
		}
	}
	throw new Error(`${file} is not a zip file: no end of central directory record`);
}
