import zlib from 'node:zlib';
import type { PDFObject } from 'pdf-lib';
// pdf-lib's single-file build: the same classes as 'pdf-lib', loaded in a third of the time, which
// matters to `npm run accord -- verify` (this module never mixes its objects with other pdf-lib code)
import { PDFArray, PDFContext, PDFDict, PDFHexString, PDFName, PDFNumber, PDFObjectParser, PDFRawStream, PDFRef, PDFString } from 'pdf-lib/dist/pdf-lib.esm.min.js';

/**
 * Reads the one signature of a PDF that Accord sealed, structurally: from the trailer through the
 * file's own cross-reference table to the catalogue, its AcroForm, the signature field and its /V
 * signature dictionary, never by searching the text. The rules are those of a file written once
 * and sealed once:
 * - one revision: the file ends with the `startxref` of one classic cross-reference table, whose
 *   trailer has no /Prev (no incremental update, no cross-reference stream);
 * - exactly one signature field, whose /ByteRange is [0 b c EOF−c]: nothing follows the signed range;
 * - the gap [b, c) is exactly the /Contents hex string of that signature dictionary, `<` hex digits
 *   `>`, and the DER it holds is followed by zero padding only.
 * So every byte of the file but the signature itself is covered by the signature. Anything else is
 * "modified after sealing", with the rule that failed.
 */

export type StructureProblem =
	| 'not-pdf'
	| 'no-seal'
	| 'bytes-after-signed-range'
	| 'file-end-changed'
	| 'incremental-update'
	| 'cross-reference-broken'
	| 'more-than-one-signature'
	| 'byte-range-malformed'
	| 'gap-not-signature'
	| 'attachment-malformed';

export class StructureError extends Error {
	constructor(
		readonly problem: StructureProblem,
		detail: string
	) {
		super(detail);
	}
}

export interface SealedPdf {
	/** The bytes the signature covers: everything but the gap. */
	signedBytes: Buffer;
	/** The CMS SignedData, without the gap's zero padding. */
	cms: Buffer;
	byteRange: [number, number, number, number];
	subFilter: string;
	/** Files embedded in the document (the name tree /EmbeddedFiles), decoded. */
	attachments: Map<string, Buffer>;
}

const MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024;
const fail = (problem: StructureProblem, detail: string): never => {
	throw new StructureError(problem, detail);
};
const isHexDigit = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;

class XrefReader {
	readonly context = PDFContext.create();
	readonly offsets = new Map<number, number>();
	trailer!: PDFDict;
	readonly #cache = new Map<number, { object: PDFObject; start: number; end: number }>();

	constructor(readonly pdf: Buffer) {}

	/** One object parsed at `offset`, and the offset just after it. */
	#parseAt(offset: number): { object: PDFObject; next: number } {
		const parser = PDFObjectParser.forBytes(this.pdf.subarray(offset), this.context);
		const object = parser.parseObject();
		// pdf-lib keeps its read position in a protected field; it is the only way to know where the object ended
		return { object, next: offset + (parser as unknown as { bytes: { offset(): number } }).bytes.offset() };
	}

	/** Reads `startxref` at the very end, the table it points to and the trailer after it. */
	readTable(): void {
		const tailStart = Math.max(0, this.pdf.length - 64);
		const tail = this.pdf.subarray(tailStart).toString('latin1');
		const end = /startxref[ \r\n]+(\d{1,12})[ \r\n]+%%EOF(\r\n|\r|\n)?$/.exec(tail);
		if (!end) return fail('file-end-changed', 'the file does not end with the end-of-file marker of its cross-reference table (bytes were added after it, or the file was cut short)');
		const at = Number(end[1]);
		if (at >= this.pdf.length) return fail('cross-reference-broken', 'startxref points past the end of the file');
		// the table, line by line: "xref", then sections "first count" of fixed 20-byte entries, then "trailer"
		const text = this.pdf.subarray(at, tailStart + end.index).toString('latin1');
		const line = /([^\r\n]*)(?:\r\n|\r|\n)/y;
		let lineStart = 0;
		const next = (): string | null => {
			lineStart = line.lastIndex;
			const m = line.exec(text);
			return m ? m[1] : null;
		};
		if (next()?.trim() !== 'xref') return fail('cross-reference-broken', `startxref names offset ${at}, where no cross-reference table starts (a cross-reference stream, or a rewritten file)`);
		let header = next();
		while (header !== null && !header.trimStart().startsWith('trailer')) {
			if (header.trim() === '') {
				header = next();
				continue;
			}
			const section = /^(\d{1,10}) (\d{1,7})\s*$/.exec(header);
			if (!section) return fail('cross-reference-broken', 'the cross-reference table is malformed');
			const first = Number(section[1]);
			for (let n = first; n < first + Number(section[2]); n++) {
				const e = /^(\d{10}) (\d{5}) ([nf])\s*$/.exec(next() ?? '');
				if (!e) return fail('cross-reference-broken', `cross-reference entry ${n} is malformed`);
				if (e[3] !== 'n') continue;
				if (this.offsets.has(n)) return fail('cross-reference-broken', `object ${n} is listed twice`);
				this.offsets.set(n, Number(e[1]));
			}
			header = next();
		}
		if (header === null) return fail('cross-reference-broken', 'the cross-reference table has no trailer');
		let trailer: PDFObject;
		let after: number;
		try {
			({ object: trailer, next: after } = this.#parseAt(at + lineStart + header.indexOf('trailer') + 'trailer'.length));
		} catch {
			return fail('cross-reference-broken', 'the trailer cannot be read');
		}
		if (!(trailer instanceof PDFDict)) return fail('cross-reference-broken', 'the trailer is not a dictionary');
		this.trailer = trailer;
		if (trailer.has(PDFName.of('Prev')) || trailer.has(PDFName.of('XRefStm'))) fail('incremental-update', 'the file was updated after it was written (its trailer points to an earlier revision)');
		// nothing but white space between the trailer and the final `startxref`
		while (after < this.pdf.length && isSpace(this.pdf[after])) after++;
		if (after !== tailStart + end.index) fail('cross-reference-broken', 'unexpected content after the trailer');
	}

	/** The object an xref entry names, parsed where the table says it is. */
	object(num: number): { object: PDFObject; start: number; end: number } {
		const cached = this.#cache.get(num);
		if (cached) return cached;
		const start = this.offsets.get(num);
		if (start === undefined) return fail('cross-reference-broken', `object ${num} is not in the cross-reference table`);
		const head = /^(\d+)[ \r\n]+(\d+)[ \r\n]+obj/.exec(this.pdf.subarray(start, start + 40).toString('latin1'));
		if (!head || Number(head[1]) !== num) return fail('cross-reference-broken', `the cross-reference table puts object ${num} where it is not`);
		let object: PDFObject;
		let end: number;
		try {
			({ object, next: end } = this.#parseAt(start + head[0].length));
		} catch {
			return fail('cross-reference-broken', `object ${num} cannot be read`);
		}
		while (end < this.pdf.length && isSpace(this.pdf[end])) end++;
		if (this.pdf.subarray(end, end + 6).toString('latin1') !== 'endobj') fail('cross-reference-broken', `object ${num} does not end where it should`);
		const found = { object, start, end: end + 6 };
		this.#cache.set(num, found);
		return found;
	}

	resolve(value: PDFObject | undefined): PDFObject | undefined {
		return value instanceof PDFRef ? this.object(value.objectNumber).object : value;
	}

	dict(value: PDFObject | undefined): PDFDict | null {
		const v = this.resolve(value);
		return v instanceof PDFDict ? v : null;
	}
}

const nameOf = (v: PDFObject | undefined) => (v instanceof PDFName ? v.decodeText() : '');

/** Signature fields of the AcroForm (following /Kids), with their /V references. */
function signatureFields(x: XrefReader, acroForm: PDFDict): PDFObject[] {
	const out: PDFObject[] = [];
	const fields = x.resolve(acroForm.get(PDFName.of('Fields')));
	if (!(fields instanceof PDFArray)) return out;
	const walk = (entry: PDFObject, inheritedType: string, depth: number) => {
		if (depth > 16) fail('cross-reference-broken', 'the form fields nest too deeply');
		const field = x.dict(entry);
		if (!field) return;
		const type = nameOf(field.get(PDFName.of('FT'))) || inheritedType;
		const kids = x.resolve(field.get(PDFName.of('Kids')));
		if (kids instanceof PDFArray) for (const kid of kids.asArray()) walk(kid, type, depth + 1);
		const v = field.get(PDFName.of('V'));
		if (type === 'Sig' && v !== undefined) out.push(v);
	};
	for (const f of fields.asArray()) walk(f, '', 0);
	return out;
}

function readAttachments(x: XrefReader, catalog: PDFDict): Map<string, Buffer> {
	const out = new Map<string, Buffer>();
	const names = x.dict(catalog.get(PDFName.of('Names')));
	const tree = names ? x.dict(names.get(PDFName.of('EmbeddedFiles'))) : null;
	if (!tree) return out;
	const text = (v: PDFObject | undefined) => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : '');
	const walk = (node: PDFDict, depth: number) => {
		if (depth > 16) fail('attachment-malformed', 'the attachment list nests too deeply');
		const kids = x.resolve(node.get(PDFName.of('Kids')));
		if (kids instanceof PDFArray) for (const k of kids.asArray()) walk(x.dict(k) ?? fail('attachment-malformed', 'an attachment list entry is not a dictionary'), depth + 1);
		const pairs = x.resolve(node.get(PDFName.of('Names')));
		if (!(pairs instanceof PDFArray)) return;
		const list = pairs.asArray();
		for (let i = 0; i + 1 < list.length; i += 2) {
			const spec = x.dict(list[i + 1]);
			const ef = spec ? x.dict(spec.get(PDFName.of('EF'))) : null;
			const stream = ef ? x.resolve(ef.get(PDFName.of('F'))) : undefined;
			if (!(stream instanceof PDFRawStream)) fail('attachment-malformed', 'an attached file has no content');
			const raw = Buffer.from((stream as PDFRawStream).getContents());
			const filter = nameOf((stream as PDFRawStream).dict.get(PDFName.of('Filter')));
			let content: Buffer;
			try {
				content = filter === 'FlateDecode' ? zlib.inflateSync(raw, { maxOutputLength: MAX_ATTACHMENT_BYTES }) : filter === '' ? raw : fail('attachment-malformed', `an attached file uses the unsupported filter ${filter}`);
			} catch (error) {
				if (error instanceof StructureError) throw error;
				return fail('attachment-malformed', 'an attached file cannot be decompressed');
			}
			out.set(text(list[i]), content);
		}
	};
	walk(tree, 0);
	return out;
}

/** Length of the DER element at the start of `der`, or -1 if it is not one. */
function derLength(der: Buffer): number {
	if (der.length < 2 || der[0] !== 0x30) return -1;
	const first = der[1];
	if (first < 0x80) return 2 + first;
	const n = first & 0x7f;
	if (n === 0 || n > 4 || der.length < 2 + n) return -1;
	let len = 0;
	for (let i = 0; i < n; i++) len = len * 256 + der[2 + i];
	return 2 + n + len;
}

export function readSealedPdf(pdf: Buffer): SealedPdf {
	if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') fail('not-pdf', 'the file is not a PDF');
	const x = new XrefReader(pdf);
	x.readTable();
	const catalog = x.dict(x.trailer.get(PDFName.of('Root'))) ?? fail('cross-reference-broken', 'the file has no catalogue');
	const acroForm = x.dict(catalog.get(PDFName.of('AcroForm')));
	const fields = acroForm ? signatureFields(x, acroForm) : [];
	if (fields.length === 0) fail('no-seal', 'the file has no signature');
	if (fields.length > 1) fail('more-than-one-signature', `the file has ${fields.length} signatures; a sealed protocol has exactly one`);
	const vRef = fields[0];
	if (!(vRef instanceof PDFRef)) fail('byte-range-malformed', 'the signature dictionary is not an object of its own');
	const sigObject = x.object((vRef as PDFRef).objectNumber);
	const sig = sigObject.object instanceof PDFDict ? sigObject.object : fail('byte-range-malformed', 'the signature is not a dictionary');
	const subFilter = nameOf(sig.get(PDFName.of('SubFilter')));
	if (subFilter !== 'ETSI.CAdES.detached' && subFilter !== 'adbe.pkcs7.detached') fail('byte-range-malformed', `the signature is of an unsupported kind (${subFilter || 'none'})`);
	const rangeObj = x.resolve(sig.get(PDFName.of('ByteRange')));
	const range = rangeObj instanceof PDFArray ? rangeObj.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN)) : [];
	if (range.length !== 4 || !range.every((n) => Number.isSafeInteger(n) && n >= 0)) fail('byte-range-malformed', 'the signature does not declare four byte offsets');
	const [a, b, c, d] = range;
	if (a !== 0 || b <= 0 || c <= b) fail('byte-range-malformed', `the signed ranges [${range.join(' ')}] do not start at the beginning of the file around one gap`);
	if (c + d < pdf.length) fail('bytes-after-signed-range', `${pdf.length - c - d} bytes follow the signed range`);
	if (c + d > pdf.length) fail('file-end-changed', `the file is ${c + d - pdf.length} bytes shorter than the signed range (cut short, or rewritten)`);
	// The gap must be this dictionary's /Contents hex string and nothing else.
	if (b < sigObject.start || c > sigObject.end) fail('gap-not-signature', 'the unsigned gap lies outside the signature dictionary');
	if (pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) fail('gap-not-signature', 'the unsigned gap is not exactly one hex string');
	for (let i = b + 1; i < c - 1; i++) if (!isHexDigit(pdf[i])) fail('gap-not-signature', `the unsigned gap holds a byte that is not a hex digit, at offset ${i}`);
	if ((c - b - 2) % 2 !== 0) fail('gap-not-signature', 'the signature hex string has an odd number of digits');
	let k = b - 1;
	while (k > 0 && isSpace(pdf[k])) k--;
	if (pdf.subarray(k - 8, k + 1).toString('latin1') !== '/Contents') fail('gap-not-signature', 'the unsigned gap is not the value of the signature\'s /Contents');
	const contents = sig.get(PDFName.of('Contents'));
	const hex = pdf.subarray(b + 1, c - 1).toString('latin1');
	if (!(contents instanceof PDFHexString) || contents.asString().toLowerCase() !== hex.toLowerCase()) fail('gap-not-signature', 'the signature\'s /Contents is not the unsigned gap');
	const raw = Buffer.from(hex, 'hex');
	const len = derLength(raw);
	if (len <= 0 || len > raw.length) fail('gap-not-signature', 'the signature is not one DER structure');
	for (let i = len; i < raw.length; i++) if (raw[i] !== 0) fail('gap-not-signature', 'the signature is followed by bytes other than zero padding');
	return {
		signedBytes: Buffer.concat([pdf.subarray(0, b), pdf.subarray(c)]),
		cms: raw.subarray(0, len),
		byteRange: [a, b, c, d],
		subFilter,
		attachments: readAttachments(x, catalog)
	};
}
