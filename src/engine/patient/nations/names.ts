/**
 * Built-in name lists for the nations the name library has no locale for (§4.1: ALB, BGR, EST,
 * ISL, LTU, MNE): at least 40 given names per sex and 40 family names each, common names of
 * the nation in its own script. Family names are listed in their masculine (or only) form; the
 * feminine forms are derived once here (Bulgarian -ов/-ова, Lithuanian -as/-ienė/-aitė) or,
 * for Icelandic patronymics, given per father's name (Jónsson / Jónsdóttir, Sigurðsson /
 * Sigurðardóttir).
 */
import type { NationCode } from '../../types.js';
import { bulgarianFeminine, lithuanianFeminine } from './forms.js';

export interface NameLists {
  male: readonly string[];
  female: readonly string[];
  /** Family names borne by men. */
  familyMale: readonly string[];
  /** Family names borne by women (absent: the same as the men's). Need not align with familyMale. */
  familyFemale?: readonly string[];
}

const words = (s: string): string[] => s.trim().split(/\s+/);

// ------------------------------------------------------------------ Albania
const ALB: NameLists = {
  male: words(`Agron Aldo Altin Ardit Arben Arjan Armand Artan Astrit Bashkim Bledar Blerim Besnik Dorian Dritan Edmond Eduart
    Elton Endrit Erion Ermal Ervin Fatmir Fatos Florian Genc Gentian Gëzim Gjergj Ilir Indrit Jetmir Kastriot Klajdi Klodian
    Kujtim Leonard Luan Marsel Mentor Mikel Olsi Orges Redon Rezart Saimir Sokol Taulant Ylli`),
  female: words(`Ajola Alketa Anila Anisa Arjola Blerta Brikena Denisa Dorina Drita Eda Elda Elona Enkeleda Entela Eriona
    Esmeralda Etleva Fatjona Flutura Genta Gerta Ilda Irena Jonida Kejsi Klaudia Klea Ledia Lindita Lorena Manjola Marsela
    Mirela Nertila Ornela Rezarta Rudina Silvana Sonila Teuta Valbona Vjollca`),
  familyMale: words(`Hoxha Shehu Dervishi Kola Leka Gjoka Basha Çela Krasniqi Marku Prifti Toska Hysa Bregu Lika Gjika Dushku
    Koci Meta Rama Berisha Duka Mema Ndreu Osmani Xhafa Zeneli Kadiu Gjoni Brahimi Cani Dedja Hasani Hyseni Kapllani Laçi Muça
    Nika Pllumbi Sula Tafa Vata Xhaferi Ymeri Bajrami Beqiri`),
};

// ------------------------------------------------------------------ Bulgaria
const BGR_FAMILY = words(`Иванов Георгиев Димитров Петров Николов Христов Стоянов Тодоров Илиев Атанасов Василев Маринов
  Ангелов Костов Стефанов Йорданов Колев Михайлов Попов Кръстев Цветков Симеонов Александров Павлов Янков Марков Борисов
  Методиев Найденов Славов Добрев Русев Божилов Лазаров Панайотов Григоров Радев Митев Станев Ганчев Пенчев Желев Младенов
  Андонов Кирилов Ковачев Василевски Тасев`);

const BGR: NameLists = {
  male: words(`Георги Иван Димитър Николай Петър Христо Стоян Тодор Васил Александър Красимир Владимир Стефан Йордан Атанас
    Борис Валентин Веселин Виктор Даниел Емил Живко Здравко Илия Калоян Кирил Любомир Мартин Милен Момчил Огнян Пламен
    Радослав Румен Светослав Симеон Цветан Явор Ангел Асен Бойко Венцислав Добромир Евгени Михаил Никола Павел`),
  female: words(`Мария Иванка Елена Йорданка Пенка Десислава Виктория Гергана Надежда Милена Цветелина Радка Анна Антония
    Биляна Валентина Ваня Веселина Габриела Галина Даниела Диана Екатерина Емилия Зорница Ивелина Калина Камелия Катя
    Красимира Лилия Магдалена Мариана Михаела Невена Николета Петя Полина Ралица Росица Силвия Снежана Теодора Христина Яна`),
  familyMale: BGR_FAMILY,
  familyFemale: BGR_FAMILY.map(bulgarianFeminine),
};

// ------------------------------------------------------------------ Estonia
const EST: NameLists = {
  male: words(`Aivar Aleksander Andres Ants Artur Erik Hendrik Indrek Jaan Janek Jüri Kalev Karl Kaspar Kristjan Lauri Madis
    Margus Marko Mart Martin Mati Meelis Mihkel Oliver Peeter Priit Raivo Rando Rasmus Raul Rein Risto Robert Sander Siim
    Silver Sten Taavi Tanel Tarmo Tiit Toomas Tõnis Tõnu Urmas Veiko Ülo`),
  female: words(`Aili Anneli Annika Anu Birgit Eha Eliise Ene Eve Evelin Getter Grete Helen Helena Heli Ingrid Jaanika Kadri
    Kaja Kairi Karin Katrin Kerli Kersti Kristiina Kätlin Külli Laura Liina Liis Maarja Maire Mari Marika Marju Merike Merle
    Monika Pille Piret Reet Riina Signe Sirje Tiina Tiiu Triin Ülle`),
  familyMale: words(`Tamm Saar Sepp Mägi Kask Kukk Rebane Ilves Pärn Koppel Lepik Oja Kallas Luik Lepp Raudsepp Kaasik Kuusk Karu
    Põder Vaher Lill Kivi Järv Kütt Laur Mets Peterson Ots Toom Kruus Kuusik Mänd Liiv Sild Aavik Teder Unt Paju Kull Laas Nõmm
    Rand Kõiv Jõgi Hunt`),
};

// ------------------------------------------------------------------ Iceland
/**
 * Men's given names with the stem their children's patronymics take: [name, son stem,
 * daughter stem] (daughter stem omitted when the same): Jón → Jónsson / Jónsdóttir,
 * Sigurður → Sigurðsson / Sigurðardóttir, Magnús → Magnússon / Magnúsdóttir.
 */
const ISL_MEN: readonly (readonly [string, string, string?])[] = [
  ['Jón', 'Jóns'], ['Sigurður', 'Sigurðs', 'Sigurðar'], ['Guðmundur', 'Guðmunds'], ['Gunnar', 'Gunnars'], ['Ólafur', 'Ólafs'],
  ['Einar', 'Einars'], ['Kristján', 'Kristjáns'], ['Magnús', 'Magnús'], ['Stefán', 'Stefáns'], ['Helgi', 'Helga'],
  ['Jóhann', 'Jóhanns'], ['Árni', 'Árna'], ['Björn', 'Björns'], ['Pétur', 'Péturs'], ['Bjarni', 'Bjarna'], ['Halldór', 'Halldórs'],
  ['Haraldur', 'Haralds'], ['Ragnar', 'Ragnars'], ['Sveinn', 'Sveins'], ['Karl', 'Karls'], ['Friðrik', 'Friðriks'], ['Gísli', 'Gísla'],
  ['Haukur', 'Hauks'], ['Eiríkur', 'Eiríks'], ['Páll', 'Páls'], ['Þorsteinn', 'Þorsteins'], ['Davíð', 'Davíðs'], ['Ásgeir', 'Ásgeirs'],
  ['Benedikt', 'Benedikts'], ['Guðni', 'Guðna'], ['Hjalti', 'Hjalta'], ['Atli', 'Atla'], ['Birgir', 'Birgis'], ['Baldur', 'Baldurs'],
  ['Egill', 'Egils'], ['Finnur', 'Finns'], ['Sigurjón', 'Sigurjóns'], ['Ingólfur', 'Ingólfs'], ['Kjartan', 'Kjartans'],
  ['Óskar', 'Óskars'], ['Snorri', 'Snorra'], ['Tómas', 'Tómas'], ['Hannes', 'Hannes'], ['Ágúst', 'Ágústs'], ['Jónas', 'Jónas'],
  ['Þórður', 'Þórðar'], ['Hallgrímur', 'Hallgríms'], ['Kristinn', 'Kristins'], ['Aron', 'Arons'], ['Daníel', 'Daníels'],
];

const ISL: NameLists = {
  male: ISL_MEN.map(([name]) => name),
  female: words(`Guðrún Anna Kristín Sigríður Margrét Helga Sigrún Ingibjörg Jóhanna María Katrín Elín Ásta Auður Bryndís Edda
    Erla Eva Guðný Hafdís Halldóra Hanna Harpa Hildur Hrafnhildur Inga Íris Jóna Karen Kolbrún Lilja Ragnheiður Rakel
    Rannveig Sara Sólveig Steinunn Sunna Svanhildur Þórunn Unnur Valgerður Þóra Birna Arna Berglind Dagný Embla`),
  familyMale: ISL_MEN.map(([, son]) => `${son}son`),
  familyFemale: ISL_MEN.map(([, son, daughter]) => `${daughter ?? son}dóttir`),
};

// ------------------------------------------------------------------ Lithuania
const LTU_FAMILY = words(`Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas Butkus Paulauskas Urbonas
  Kavaliauskas Navickas Ramanauskas Pocius Savickas Rimkus Baranauskas Žilinskas Lukoševičius Šimkus Sakalauskas Mikalauskas
  Balčiūnas Kairys Adomaitis Jonaitis Petraitis Vaitkus Stonkus Kuzminskas Marcinkevičius Bernotas Žemaitis Norkus Tamošiūnas
  Mockus Rutkauskas Lapinskas Budrys Jakštas Čepulis Sabonis Kučinskas Bagdonas Gudaitis Ivanauskas Dambrauskas Valančius`);

const LTU_FEMININE = LTU_FAMILY.map((f) => {
  const forms = lithuanianFeminine(f);
  if (forms === null) throw new Error(`no Lithuanian feminine form for ${f}`);
  return forms;
});

const LTU: NameLists = {
  male: words(`Jonas Tomas Mantas Lukas Darius Andrius Mindaugas Paulius Vytautas Giedrius Marius Justinas Algirdas Arnas Aurimas
    Deividas Dominykas Donatas Edvinas Egidijus Eimantas Gediminas Gintaras Ignas Julius Karolis Kęstutis Laurynas Linas
    Martynas Matas Nerijus Povilas Ramūnas Robertas Rokas Saulius Simonas Tadas Vaidas Valdas Žygimantas Audrius Rimantas Arūnas`),
  female: words(`Rūta Lina Eglė Jurgita Ieva Gintarė Agnė Inga Kristina Monika Laura Aistė Aušra Birutė Dalia Daiva Gabija
    Giedrė Goda Ingrida Jolanta Justina Kamilė Karolina Milda Neringa Rasa Raminta Rima Simona Skaistė Sandra Vaida Vilma
    Viktorija Živilė Austėja Emilija Indrė Greta Jūratė Asta Edita Renata Ugnė Vaiva`),
  familyMale: LTU_FAMILY,
  // Married (-ienė) and unmarried (-aitė, -ytė, -iūtė, -utė) forms, equally often.
  familyFemale: LTU_FEMININE.flat(),
};

// ------------------------------------------------------------------ Montenegro
const MNE: NameLists = {
  male: words(`Marko Nikola Stefan Milan Luka Petar Vuk Filip Nemanja Dragan Miloš Vladimir Aleksandar Andrija Balša Boris
    Božidar Branko Danilo Darko Dejan Đorđe Dušan Goran Igor Ivan Jovan Lazar Matija Milorad Miodrag Mirko Nebojša Novak Ognjen
    Pavle Predrag Radovan Ranko Srđan Slobodan Strahinja Veselin Vladan Vojislav Zoran Željko`),
  female: words(`Milica Jelena Ana Marija Jovana Ivana Sanja Tijana Dragana Kristina Maja Teodora Aleksandra Anđela Biljana
    Bojana Danijela Dijana Gordana Ivona Jasmina Katarina Ksenija Lidija Ljiljana Marina Milena Mirjana Nataša Nevena Olivera
    Radmila Sandra Slađana Snežana Sofija Svetlana Tamara Tatjana Vesna Vanja Željka Nina Andrea Nikolina Jasna`),
  familyMale: words(`Popović Vujović Radović Đukanović Vuković Marković Perović Petrović Božović Nikolić Lazović Jovanović Đurović
    Radulović Vujošević Kovačević Bošković Mijatović Pavićević Radonjić Raičević Šćepanović Vučinić Milić Knežević Lakić
    Bulatović Rakočević Janković Ivanović Dragović Kalezić Bojović Pejović Milošević Dabović Vukčević Stanišić Nenezić Pavlović
    Krivokapić Radunović Đuranović Lalić Milatović Vukotić`),
};

export const BUILTIN_NAMES: Readonly<Partial<Record<NationCode, NameLists>>> = { ALB, BGR, EST, ISL, LTU, MNE };

/**
 * Greek women's given names, stressed as written in Greek (the library's Greek list drops the
 * accents of the women's names); men's given names and family names come from the library.
 */
export const GREEK_FEMALE_GIVEN: readonly string[] = words(`Αθανασία Αικατερίνη Αλεξάνδρα Αναστασία Άννα Γεωργία Δέσποινα
  Δήμητρα Ελένη Ευαγγελία Ιωάννα Κωνσταντίνα Μαρία Παναγιώτα Παρασκευή Σοφία Σταυρούλα Χριστίνα Χρυσούλα Βασιλική Ειρήνη
  Θεοδώρα Καλλιόπη Φωτεινή Αγγελική Ευτυχία Κυριακή Νικολέτα Δανάη Μαρίνα`);
