// Synthetic but plausible identities for the demo store's customers. The
// online-retail data has customer numbers and countries only; the demo gives
// each customer a deterministic name, an email `customer-<id>@demo.pearl.test`
// and a billing address in their country, and decides (seeded) which orders
// are gifts shipped to someone else.

import { pick, randomInt, seededRandom, type Random } from "./ids.ts";

export interface DemoAddress {
  firstName: string;
  lastName: string;
  address1: string;
  city: string;
  province: string | null;
  provinceCode: string | null;
  zip: string;
  country: string;
  countryCode: string;
  phone: string | null;
}

export interface DemoPersona {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  locale: string;
  acceptsMarketing: boolean;
  address: DemoAddress;
}

export interface GiftPlan {
  /** Shipped to another person (shipping name and address differ from billing). */
  gift: boolean;
  recipient: DemoAddress | null;
  /** Gift message in the order note, or null. */
  note: string | null;
  /** A "Gift wrap" entry in note_attributes. */
  giftWrap: boolean;
}

interface City {
  city: string;
  province?: string;
  provinceCode?: string;
  /** # = digit, A = letter. */
  zip: string;
}

interface Country {
  name: string;
  code: string;
  locale: string;
  phonePrefix: string;
  names: "en" | "de" | "fr" | "es" | "it" | "nl" | "pt" | "nordic";
  streets: "en" | "de" | "fr" | "es" | "it" | "nl" | "pt" | "nordic";
  cities: City[];
}

const FIRST_NAMES: Record<Country["names"], string[]> = {
  en: ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Emily", "Charlie", "Sophie", "Thomas", "Grace", "James", "Lily", "William", "Freya", "Samuel", "Ella", "Daniel", "Chloe", "Joseph", "Lucy", "Henry", "Evie", "Alfie", "Poppy", "Oscar", "Ruby", "Arthur", "Hannah"],
  de: ["Lukas", "Anna", "Felix", "Lea", "Jonas", "Hannah", "Leon", "Laura", "Paul", "Julia", "Maximilian", "Sophie", "Tobias", "Katharina", "Jan", "Lena"],
  fr: ["Louis", "Camille", "Gabriel", "Léa", "Hugo", "Manon", "Arthur", "Chloé", "Jules", "Inès", "Lucas", "Sarah", "Nathan", "Juliette", "Théo", "Zoé"],
  es: ["Hugo", "Lucía", "Martín", "Sofía", "Pablo", "Martina", "Daniel", "María", "Alejandro", "Paula", "Javier", "Carmen", "Diego", "Elena"],
  it: ["Leonardo", "Sofia", "Francesco", "Giulia", "Alessandro", "Aurora", "Lorenzo", "Alice", "Matteo", "Ginevra", "Marco", "Chiara"],
  nl: ["Daan", "Emma", "Sem", "Julia", "Lucas", "Mila", "Levi", "Tess", "Finn", "Sophie", "Bram", "Anouk"],
  pt: ["João", "Maria", "Rodrigo", "Leonor", "Martim", "Matilde", "Tomás", "Beatriz", "Duarte", "Carolina"],
  nordic: ["Lars", "Ingrid", "Erik", "Astrid", "Mikkel", "Freja", "Oskar", "Sigrid", "Johan", "Elsa", "Anders", "Maja"],
};

const LAST_NAMES: Record<Country["names"], string[]> = {
  en: ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Hughes", "Edwards", "Murphy", "Kelly", "Turner", "Hill"],
  de: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter"],
  fr: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent"],
  es: ["García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín", "Ruiz", "Díaz"],
  it: ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo"],
  nl: ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder"],
  pt: ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Jesus", "Sousa"],
  nordic: ["Hansen", "Johansson", "Nielsen", "Andersson", "Larsen", "Karlsson", "Olsen", "Nilsson", "Virtanen", "Korhonen", "Jensen", "Lindqvist"],
};

const STREETS: Record<Country["streets"], { names: string[]; format: (number: number, street: string) => string }> = {
  en: {
    names: ["High Street", "Station Road", "Church Lane", "Mill Road", "Park Avenue", "Victoria Road", "Green Lane", "The Crescent", "Queens Road", "Manor Way", "Orchard Close", "King Street"],
    format: (number, street) => `${number} ${street}`,
  },
  de: {
    names: ["Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schulstraße", "Lindenweg", "Kirchgasse", "Bergstraße", "Waldweg"],
    format: (number, street) => `${street} ${number}`,
  },
  fr: {
    names: ["Rue de la République", "Rue Victor Hugo", "Avenue Jean Jaurès", "Rue Pasteur", "Rue du Moulin", "Place de l'Église", "Rue des Écoles"],
    format: (number, street) => `${number} ${street}`,
  },
  es: {
    names: ["Calle Mayor", "Calle Real", "Avenida de la Constitución", "Calle del Sol", "Plaza de España", "Calle Nueva"],
    format: (number, street) => `${street} ${number}`,
  },
  it: {
    names: ["Via Roma", "Via Garibaldi", "Corso Italia", "Via Dante", "Via Mazzini", "Piazza Verdi"],
    format: (number, street) => `${street} ${number}`,
  },
  nl: {
    names: ["Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsplein", "Schoolstraat", "Julianastraat"],
    format: (number, street) => `${street} ${number}`,
  },
  pt: {
    names: ["Rua Augusta", "Avenida da Liberdade", "Rua do Comércio", "Rua Direita", "Travessa do Carmo"],
    format: (number, street) => `${street}, ${number}`,
  },
  nordic: {
    names: ["Storgata", "Kirkeveien", "Skolegatan", "Parkvej", "Rantakatu", "Strandvägen"],
    format: (number, street) => `${street} ${number}`,
  },
};

const UK: Country = {
  name: "United Kingdom",
  code: "GB",
  locale: "en",
  phonePrefix: "+44 7",
  names: "en",
  streets: "en",
  cities: [
    { city: "London", province: "England", provinceCode: "ENG", zip: "SW# #AA" },
    { city: "London", province: "England", provinceCode: "ENG", zip: "N## #AA" },
    { city: "Manchester", province: "England", provinceCode: "ENG", zip: "M## #AA" },
    { city: "Birmingham", province: "England", provinceCode: "ENG", zip: "B## #AA" },
    { city: "Leeds", province: "England", provinceCode: "ENG", zip: "LS# #AA" },
    { city: "Bristol", province: "England", provinceCode: "ENG", zip: "BS# #AA" },
    { city: "Brighton", province: "England", provinceCode: "ENG", zip: "BN# #AA" },
    { city: "York", province: "England", provinceCode: "ENG", zip: "YO## #AA" },
    { city: "Norwich", province: "England", provinceCode: "ENG", zip: "NR# #AA" },
    { city: "Edinburgh", province: "Scotland", provinceCode: "SCT", zip: "EH# #AA" },
    { city: "Glasgow", province: "Scotland", provinceCode: "SCT", zip: "G## #AA" },
    { city: "Cardiff", province: "Wales", provinceCode: "WLS", zip: "CF## #AA" },
    { city: "Belfast", province: "Northern Ireland", provinceCode: "NIR", zip: "BT# #AA" },
  ],
};

function country(
  name: string,
  code: string,
  locale: string,
  phonePrefix: string,
  names: Country["names"],
  streets: Country["streets"],
  cities: City[],
): Country {
  return { name, code, locale, phonePrefix, names, streets, cities };
}

/** Keyed by the Country column of the online-retail data (and Shopify's names). */
const COUNTRIES: Record<string, Country> = {
  "United Kingdom": UK,
  Germany: country("Germany", "DE", "de", "+49 15", "de", "de", [
    { city: "Berlin", zip: "10###" },
    { city: "Hamburg", zip: "20###" },
    { city: "München", zip: "80###" },
    { city: "Köln", zip: "50###" },
    { city: "Frankfurt am Main", zip: "60###" },
  ]),
  France: country("France", "FR", "fr", "+33 6", "fr", "fr", [
    { city: "Paris", zip: "750##" },
    { city: "Lyon", zip: "6900#" },
    { city: "Marseille", zip: "130##" },
    { city: "Toulouse", zip: "310##" },
    { city: "Nantes", zip: "440##" },
  ]),
  EIRE: country("Ireland", "IE", "en", "+353 8", "en", "en", [
    { city: "Dublin", province: "Dublin", provinceCode: "D", zip: "D0# A#A#" },
    { city: "Cork", province: "Cork", provinceCode: "CO", zip: "T12 A#A#" },
    { city: "Galway", province: "Galway", provinceCode: "G", zip: "H91 A#A#" },
  ]),
  Spain: country("Spain", "ES", "es", "+34 6", "es", "es", [
    { city: "Madrid", province: "Madrid", provinceCode: "M", zip: "280##" },
    { city: "Barcelona", province: "Barcelona", provinceCode: "B", zip: "080##" },
    { city: "Valencia", province: "Valencia", provinceCode: "V", zip: "460##" },
    { city: "Sevilla", province: "Sevilla", provinceCode: "SE", zip: "410##" },
  ]),
  Netherlands: country("Netherlands", "NL", "nl", "+31 6", "nl", "nl", [
    { city: "Amsterdam", zip: "10## AA" },
    { city: "Rotterdam", zip: "30## AA" },
    { city: "Utrecht", zip: "35## AA" },
    { city: "Den Haag", zip: "25## AA" },
  ]),
  Belgium: country("Belgium", "BE", "fr", "+32 4", "fr", "fr", [
    { city: "Bruxelles", zip: "10##" },
    { city: "Antwerpen", zip: "20##" },
    { city: "Gent", zip: "90##" },
    { city: "Liège", zip: "40##" },
  ]),
  Switzerland: country("Switzerland", "CH", "de", "+41 7", "de", "de", [
    { city: "Zürich", zip: "80##" },
    { city: "Genève", zip: "12##" },
    { city: "Basel", zip: "40##" },
    { city: "Bern", zip: "30##" },
  ]),
  Australia: country("Australia", "AU", "en", "+61 4", "en", "en", [
    { city: "Sydney", province: "New South Wales", provinceCode: "NSW", zip: "20##" },
    { city: "Melbourne", province: "Victoria", provinceCode: "VIC", zip: "30##" },
    { city: "Brisbane", province: "Queensland", provinceCode: "QLD", zip: "40##" },
    { city: "Perth", province: "Western Australia", provinceCode: "WA", zip: "60##" },
  ]),
  Portugal: country("Portugal", "PT", "pt", "+351 9", "pt", "pt", [
    { city: "Lisboa", zip: "1###-###" },
    { city: "Porto", zip: "4###-###" },
    { city: "Faro", zip: "8###-###" },
  ]),
  "Channel Islands": country("Jersey", "JE", "en", "+44 7797", "en", "en", [
    { city: "St Helier", zip: "JE2 #AA" },
    { city: "St Brelade", zip: "JE3 #AA" },
  ]),
  Norway: country("Norway", "NO", "nb", "+47 9", "nordic", "nordic", [
    { city: "Oslo", zip: "0###" },
    { city: "Bergen", zip: "50##" },
    { city: "Trondheim", zip: "70##" },
  ]),
  Finland: country("Finland", "FI", "fi", "+358 40", "nordic", "nordic", [
    { city: "Helsinki", zip: "00###" },
    { city: "Tampere", zip: "33###" },
    { city: "Turku", zip: "20###" },
  ]),
  Italy: country("Italy", "IT", "it", "+39 3", "it", "it", [
    { city: "Roma", province: "Roma", provinceCode: "RM", zip: "001##" },
    { city: "Milano", province: "Milano", provinceCode: "MI", zip: "201##" },
    { city: "Firenze", province: "Firenze", provinceCode: "FI", zip: "501##" },
    { city: "Torino", province: "Torino", provinceCode: "TO", zip: "101##" },
  ]),
  Cyprus: country("Cyprus", "CY", "en", "+357 9", "en", "en", [
    { city: "Nicosia", zip: "1###" },
    { city: "Limassol", zip: "3###" },
  ]),
  Japan: country("Japan", "JP", "ja", "+81 90", "en", "en", [
    { city: "Tokyo", province: "Tokyo", provinceCode: "JP-13", zip: "1##-####" },
    { city: "Osaka", province: "Osaka", provinceCode: "JP-27", zip: "5##-####" },
  ]),
  Sweden: country("Sweden", "SE", "sv", "+46 70", "nordic", "nordic", [
    { city: "Stockholm", zip: "1## ##" },
    { city: "Göteborg", zip: "4## ##" },
    { city: "Malmö", zip: "2## ##" },
  ]),
  Austria: country("Austria", "AT", "de", "+43 6", "de", "de", [
    { city: "Wien", zip: "1###" },
    { city: "Graz", zip: "80##" },
    { city: "Salzburg", zip: "50##" },
  ]),
  "Hong Kong": country("Hong Kong", "HK", "en", "+852 9", "en", "en", [
    { city: "Hong Kong", province: "Hong Kong Island", provinceCode: "HK", zip: "" },
    { city: "Kowloon", province: "Kowloon", provinceCode: "KL", zip: "" },
  ]),
  Poland: country("Poland", "PL", "pl", "+48 5", "en", "en", [
    { city: "Warszawa", zip: "0#-###" },
    { city: "Kraków", zip: "3#-###" },
  ]),
  Israel: country("Israel", "IL", "he", "+972 5", "en", "en", [
    { city: "Tel Aviv", zip: "6######" },
    { city: "Jerusalem", zip: "9######" },
  ]),
  Denmark: country("Denmark", "DK", "da", "+45 2", "nordic", "nordic", [
    { city: "København", zip: "1###" },
    { city: "Aarhus", zip: "8000" },
    { city: "Odense", zip: "5000" },
  ]),
  Singapore: country("Singapore", "SG", "en", "+65 9", "en", "en", [{ city: "Singapore", zip: "######" }]),
  Canada: country("Canada", "CA", "en", "+1 416", "en", "en", [
    { city: "Toronto", province: "Ontario", provinceCode: "ON", zip: "M#A #A#" },
    { city: "Vancouver", province: "British Columbia", provinceCode: "BC", zip: "V#A #A#" },
    { city: "Montréal", province: "Quebec", provinceCode: "QC", zip: "H#A #A#" },
  ]),
  Iceland: country("Iceland", "IS", "is", "+354 6", "nordic", "nordic", [{ city: "Reykjavík", zip: "1##" }]),
  Greece: country("Greece", "GR", "el", "+30 69", "en", "en", [
    { city: "Athens", zip: "1## ##" },
    { city: "Thessaloniki", zip: "5## ##" },
  ]),
  Malta: country("Malta", "MT", "en", "+356 79", "en", "en", [
    { city: "Valletta", zip: "VLT ####" },
    { city: "Sliema", zip: "SLM ####" },
  ]),
  "European Community": country("Belgium", "BE", "fr", "+32 4", "fr", "fr", [{ city: "Bruxelles", zip: "1040" }]),
  Lebanon: country("Lebanon", "LB", "en", "+961 3", "en", "en", [{ city: "Beirut", zip: "#### ####" }]),
  Lithuania: country("Lithuania", "LT", "lt", "+370 6", "en", "en", [{ city: "Vilnius", zip: "LT-#####" }]),
  Brazil: country("Brazil", "BR", "pt", "+55 11 9", "pt", "pt", [
    { city: "São Paulo", province: "São Paulo", provinceCode: "SP", zip: "0####-###" },
    { city: "Rio de Janeiro", province: "Rio de Janeiro", provinceCode: "RJ", zip: "2####-###" },
  ]),
  "United Arab Emirates": country("United Arab Emirates", "AE", "en", "+971 50", "en", "en", [
    { city: "Dubai", province: "Dubai", provinceCode: "DU", zip: "" },
    { city: "Abu Dhabi", province: "Abu Dhabi", provinceCode: "AZ", zip: "" },
  ]),
  USA: country("United States", "US", "en", "+1 212", "en", "en", [
    { city: "New York", province: "New York", provinceCode: "NY", zip: "100##" },
    { city: "Boston", province: "Massachusetts", provinceCode: "MA", zip: "021##" },
    { city: "San Francisco", province: "California", provinceCode: "CA", zip: "941##" },
  ]),
  Bahrain: country("Bahrain", "BH", "en", "+973 3", "en", "en", [{ city: "Manama", zip: "3##" }]),
  "Czech Republic": country("Czechia", "CZ", "cs", "+420 6", "en", "en", [
    { city: "Praha", zip: "1## ##" },
    { city: "Brno", zip: "6## ##" },
  ]),
  "Saudi Arabia": country("Saudi Arabia", "SA", "en", "+966 5", "en", "en", [{ city: "Riyadh", zip: "1####" }]),
  RSA: country("South Africa", "ZA", "en", "+27 8", "en", "en", [
    { city: "Cape Town", province: "Western Cape", provinceCode: "WC", zip: "80##" },
    { city: "Johannesburg", province: "Gauteng", provinceCode: "GT", zip: "20##" },
  ]),
};

// Shopify's country names and ISO codes (as canonical addresses hold them) map to the same entries.
for (const entry of Object.values({ ...COUNTRIES })) {
  if (!COUNTRIES[entry.name]) COUNTRIES[entry.name] = entry;
  if (!COUNTRIES[entry.code]) COUNTRIES[entry.code] = entry;
}

/** The demo's country for a country name or ISO code; unknown or null -> United Kingdom (the shop's). */
export function demoCountry(name: string | null | undefined): { name: string; code: string; locale: string } {
  const entry = (name && COUNTRIES[name]) || UK;
  return { name: entry.name, code: entry.code, locale: entry.locale };
}

function fillTemplate(random: Random, template: string): string {
  const letters = "ABDEFGHJLNPQRSTUWXYZ";
  let out = "";
  for (const char of template) {
    if (char === "#") out += String(randomInt(random, 0, 9));
    else if (char === "A") out += letters[randomInt(random, 0, letters.length - 1)];
    else out += char;
  }
  return out;
}

function addressIn(random: Random, countryName: string | null, firstName: string, lastName: string): DemoAddress {
  const entry = (countryName && COUNTRIES[countryName]) || UK;
  const city = pick(random, entry.cities);
  const streets = STREETS[entry.streets];
  return {
    firstName,
    lastName,
    address1: streets.format(randomInt(random, 1, 180), pick(random, streets.names)),
    city: city.city,
    province: city.province ?? null,
    provinceCode: city.provinceCode ?? null,
    zip: fillTemplate(random, city.zip),
    country: entry.name,
    countryCode: entry.code,
    phone: random() < 0.6 ? `${entry.phonePrefix}${fillTemplate(random, "### ####")}` : null,
  };
}

function nameIn(random: Random, countryName: string | null): { firstName: string; lastName: string } {
  const entry = (countryName && COUNTRIES[countryName]) || UK;
  return { firstName: pick(random, FIRST_NAMES[entry.names]), lastName: pick(random, LAST_NAMES[entry.names]) };
}

/** The identity of a known customer (stable for a customer id and seed). */
export function customerPersona(customerExternalId: string, countryName: string | null, seed: string | number): DemoPersona {
  const random = seededRandom(seed, `customer:${customerExternalId}`);
  const { firstName, lastName } = nameIn(random, countryName);
  const address = addressIn(random, countryName, firstName, lastName);
  return {
    firstName,
    lastName,
    email: `customer-${customerExternalId}@demo.pearl.test`,
    phone: address.phone,
    locale: ((countryName && COUNTRIES[countryName]) || UK).locale,
    acceptsMarketing: random() < 0.65,
    address,
  };
}

/** The identity behind one guest order (guests have no id in the data). */
export function guestPersona(orderExternalId: string, countryName: string | null, seed: string | number): DemoPersona {
  const random = seededRandom(seed, `guest:${orderExternalId}`);
  const { firstName, lastName } = nameIn(random, countryName);
  const address = addressIn(random, countryName, firstName, lastName);
  return {
    firstName,
    lastName,
    email: `guest-${orderExternalId.toLowerCase()}@demo.pearl.test`,
    phone: address.phone,
    locale: ((countryName && COUNTRIES[countryName]) || UK).locale,
    acceptsMarketing: false,
    address,
  };
}

const GIFT_NOTES = [
  "Happy birthday! Lots of love xx",
  "Merry Christmas from all of us",
  "Congratulations on the new home!",
  "Thinking of you. Love, Mum",
  "A little something for your new flat",
  "Happy anniversary, darling",
  "Thank you for everything!",
  "Get well soon x",
  "Happy Mother's Day",
  "With love, your secret Santa",
];

/** Share of orders shipped as gifts: late November to Christmas, and the rest of the year. */
export const GIFT_SHARE = { holidays: 0.35, otherwise: 0.12 } as const;

function inGiftSeason(at: Date): boolean {
  const month = at.getUTCMonth();
  const day = at.getUTCDate();
  return (month === 10 && day >= 15) || (month === 11 && day <= 24);
}

/**
 * Whether an order is a gift (seeded per order): 35% of orders between 15 Nov
 * and 24 Dec, 12% otherwise. A gift ships to another name and address
 * (usually in the buyer's country); half carry a gift message in `note`
 * ("Gift message: ..."), and 40% ask for gift wrap (a "Gift wrap: Yes" entry
 * in `note_attributes`).
 */
export function orderGiftPlan(
  orderExternalId: string,
  processedAt: Date,
  buyerCountry: string | null,
  seed: string | number,
  buyer?: { firstName: string; lastName: string },
): GiftPlan {
  const random = seededRandom(seed, `gift:${orderExternalId}`);
  const share = inGiftSeason(processedAt) ? GIFT_SHARE.holidays : GIFT_SHARE.otherwise;
  if (random() >= share) return { gift: false, recipient: null, note: null, giftWrap: false };
  const recipientCountry = random() < 0.85 ? buyerCountry : "United Kingdom";
  let { firstName, lastName } = nameIn(random, recipientCountry);
  for (let tries = 0; buyer && firstName === buyer.firstName && tries < 5; tries++) {
    ({ firstName, lastName } = nameIn(random, recipientCountry));
  }
  const recipient = addressIn(random, recipientCountry, firstName, lastName);
  const note = random() < 0.5 ? `Gift message: ${pick(random, GIFT_NOTES)}` : null;
  const giftWrap = random() < 0.4;
  return { gift: true, recipient, note, giftWrap };
}
