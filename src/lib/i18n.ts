// Layouts use logical CSS properties, so they follow `dir`.
export { textDirection } from './domain/text-direction';

/**
 * The locale handed to `Intl` for a language of the interface. Arabic keeps Western digits
 * (`nu-latn`): the catalogue, the kits and the exports write article numbers, versions, hours and
 * counts with them, as the Arabic interfaces of Primero and of the UN agencies do, and a date in
 * Arabic-Indic digits next to a count in Western ones would read as two systems on one line. Month
 * and day names, their order and the right-to-left layout still come from the Arabic locale.
 */
export function intlLocale(locale: string): string {
	return locale.split('-')[0] === 'ar' ? `${locale}-u-nu-latn` : locale;
}
