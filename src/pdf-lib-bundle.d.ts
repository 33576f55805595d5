// pdf-lib's single-file ES build has the package's own types (see protocol/pdf-structure.ts).
declare module 'pdf-lib/dist/pdf-lib.esm.min.js' {
	export * from 'pdf-lib';
}
