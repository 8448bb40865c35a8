# ruff: noqa: E501 -- topic lists are data, one line per school stage
"""Data of the demo school: names, staff, curriculum, lesson topics and homework.

Only data and small lookups live here; ``demo.py`` turns them into rows. Topic lists are
one string per subject and stage, split on "; " (stage 1: grades 1 to 3, 2: 4 to 6, 3: 7 to
9, 4: 10 to 12; stage 0: the music school).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import NamedTuple

GENERAL_SCHOOL = "Rīgas Demonstrācijas vidusskola"
MUSIC_SCHOOL = "Rīgas Demonstrācijas mūzikas vidusskola"

FEMALE_FIRST = (
    "Anna", "Elza", "Marta", "Sofija", "Emīlija", "Alise", "Līva", "Keita", "Ūna", "Ērika",
    "Žanete", "Ļubova", "Paula", "Estere", "Katrīna", "Madara", "Laura", "Evelīna", "Amēlija",
    "Luīze", "Rūta", "Diāna", "Viktorija", "Beāte", "Megija", "Anete", "Elīza", "Šarlote",
    "Čārlija", "Ārija",
)  # fmt: skip
MALE_FIRST = (
    "Roberts", "Gustavs", "Markuss", "Jēkabs", "Ralfs", "Kārlis", "Dāvis", "Tomass", "Ričards",
    "Ēriks", "Ņikita", "Žanis", "Ādams", "Ģirts", "Artūrs", "Emīls", "Olivers", "Teodors",
    "Rainers", "Miks", "Dāniels", "Kristers", "Rihards", "Edvards", "Mārtiņš", "Krišjānis",
    "Matīss", "Ļevs", "Čārlzs", "Šarls",
)  # fmt: skip
# (male form, female form)
SURNAMES = (
    ("Bērziņš", "Bērziņa"), ("Kalniņš", "Kalniņa"), ("Ozoliņš", "Ozoliņa"),
    ("Jansons", "Jansone"), ("Liepiņš", "Liepiņa"), ("Krūmiņš", "Krūmiņa"),
    ("Vītols", "Vītola"), ("Zariņš", "Zariņa"), ("Eglītis", "Eglīte"),
    ("Pētersons", "Pētersone"), ("Kļaviņš", "Kļaviņa"), ("Šteins", "Šteina"),
    ("Ābele", "Ābele"), ("Ēcis", "Ēce"), ("Čakste", "Čakste"), ("Žagars", "Žagare"),
    ("Ļebedevs", "Ļebedeva"), ("Šmits", "Šmite"), ("Ķēniņš", "Ķēniņa"), ("Lācis", "Lāce"),
    ("Siliņš", "Siliņa"), ("Balodis", "Balode"), ("Kalējs", "Kalēja"), ("Āboliņš", "Āboliņa"),
    ("Ivanovs", "Ivanova"), ("Grīnbergs", "Grīnberga"), ("Lūsis", "Lūse"), ("Rozītis", "Rozīte"),
    ("Zeltiņš", "Zeltiņa"), ("Puriņš", "Puriņa"),
)  # fmt: skip
ADULT_FEMALE = (
    "Inese", "Ilze", "Kristīne", "Līga", "Dace", "Sanita", "Agnese", "Ieva", "Evija", "Santa",
    "Jolanta", "Zane", "Baiba", "Inga", "Anita", "Iveta", "Ērika", "Ļena",
)  # fmt: skip
ADULT_MALE = (
    "Jānis", "Andris", "Māris", "Edgars", "Aivars", "Raimonds", "Guntis", "Kaspars", "Armands",
    "Juris", "Artis", "Uldis", "Valdis", "Gatis", "Aigars", "Ēvalds", "Žanis",
)  # fmt: skip
STREETS = (
    "Brīvības iela", "Krišjāņa Barona iela", "Tērbatas iela", "Ģertrūdes iela",
    "Aleksandra Čaka iela", "Lāčplēša iela", "Matīsa iela", "Avotu iela", "Stabu iela",
    "Ēveles iela", "Dzirnavu iela", "Šarlotes iela", "Ūnijas iela", "Āgenskalna iela",
)  # fmt: skip


class StaffMember(NamedTuple):
    username: str
    first_name: str
    last_name: str
    music_school: bool
    extra_roles: tuple[str, ...]  # besides teacher/tutor, which follow from the timetable
    description: str  # for the login screen's list of demo accounts


STAFF = (
    StaffMember("skolotajs1", "Ilze", "Bērziņa", False, (), "Latviešu valoda un literatūra"),
    StaffMember("skolotajs2", "Andris", "Ozols", False, (), "Matemātika"),
    StaffMember("audzinatajs", "Līga", "Krūmiņa", False, (), "7.a klases audzinātāja, vēsture"),
    StaffMember("koncertmeistars", "Olga", "Šmite", True, ("concertmaster",), "Koncertmeistare"),
    StaffMember("vietnieks", "Dace", "Liepiņa", False, ("deputy",), "Direktora vietniece"),
    StaffMember("lietvedis", "Sandra", "Vītola", False, ("clerk",), "Lietvede"),
    StaffMember("skolotajs3", "Gunta", "Eglīte", False, (), "Sākumskola, 1.a"),
    StaffMember("skolotajs4", "Rasma", "Zariņa", False, (), "Sākumskola, 2.a"),
    StaffMember("skolotajs5", "Inga", "Pētersone", False, (), "Sākumskola, 3.a"),
    StaffMember("skolotajs6", "Zane", "Šteina", False, (), "Latviešu valoda un literatūra"),
    StaffMember("skolotajs7", "Jānis", "Kļaviņš", False, (), "Matemātika"),
    StaffMember("skolotajs8", "Evija", "Āboliņa", False, (), "Angļu valoda"),
    StaffMember("skolotajs9", "Kristīne", "Ozoliņa", False, (), "Angļu valoda"),
    StaffMember("skolotajs10", "Edgars", "Kalējs", False, (), "Sports un veselība"),
    StaffMember("skolotajs11", "Raivis", "Ābele", False, (), "Sports un veselība"),
    StaffMember("skolotajs12", "Ieva", "Ēce", False, (), "Mūzika, vizuālā māksla"),
    StaffMember("skolotajs13", "Valdis", "Čakste", False, (), "Fizika, dizains"),
    StaffMember("skolotajs14", "Ļena", "Ivanova", False, (), "Ķīmija, dabaszinības"),
    StaffMember("skolotajs15", "Māris", "Žagars", False, (), "Bioloģija, ģeogrāfija"),
    StaffMember("skolotajs16", "Aija", "Puriņa", True, (), "Klavierspēle"),
    StaffMember("skolotajs17", "Gints", "Lūsis", True, (), "Vijoļspēle"),
    StaffMember("skolotajs18", "Elīna", "Zeltiņa", True, (), "Flautas spēle"),
    StaffMember("skolotajs19", "Baiba", "Rozīte", True, (), "Solfedžo, mūzikas literatūra"),
)

TUTORS: Mapping[int, str] = MappingProxyType(
    {
        1: "skolotajs3", 2: "skolotajs4", 3: "skolotajs5", 4: "skolotajs10", 5: "skolotajs8",
        6: "skolotajs12", 7: "audzinatajs", 8: "skolotajs13", 9: "skolotajs9",
        10: "skolotajs14", 11: "skolotajs7", 12: "skolotajs11",
    }
)  # fmt: skip
MUSIC_TUTOR = "skolotajs19"

# Lessons a week in grades 1…12 (0: not taught), after the Skola2030 standard curriculum.
CURRICULUM: Mapping[str, tuple[int, ...]] = MappingProxyType(
    {
        "Latviešu valoda": (5, 5, 5, 4, 4, 4, 3, 3, 3, 2, 2, 2),
        "Literatūra": (0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2),
        "Matemātika": (4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5),
        "Angļu valoda": (2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3),
        "Dabaszinības": (2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0),
        "Vēsture": (0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2),
        "Sociālās zinības": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        "Sports un veselība": (3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2),
        "Vizuālā māksla": (1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0),
        "Mūzika": (2, 2, 2, 1, 1, 1, 1, 1, 1, 0, 0, 0),
        "Datorika": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0),
        "Dizains un tehnoloģijas": (1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0),
        "Fizika": (0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2),
        "Ķīmija": (0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2),
        "Bioloģija": (0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2),
        "Ģeogrāfija": (0, 0, 0, 0, 0, 0, 2, 2, 1, 1, 0, 0),
    }
)
PRIMARY_SUBJECTS = (
    "Latviešu valoda", "Matemātika", "Dabaszinības", "Sociālās zinības",
    "Dizains un tehnoloģijas", "Datorika",
)  # fmt: skip
# (subject, first grade, last grade, teacher); grades 1 to 3 of PRIMARY_SUBJECTS: the tutor.
TEACHING = (
    ("Latviešu valoda", 6, 9, "skolotajs1"), ("Literatūra", 6, 9, "skolotajs1"),
    ("Latviešu valoda", 4, 5, "skolotajs6"), ("Literatūra", 4, 5, "skolotajs6"),
    ("Latviešu valoda", 10, 12, "skolotajs6"), ("Literatūra", 10, 12, "skolotajs6"),
    ("Matemātika", 7, 10, "skolotajs2"), ("Matemātika", 4, 6, "skolotajs7"),
    ("Matemātika", 11, 12, "skolotajs7"), ("Angļu valoda", 1, 6, "skolotajs8"),
    ("Angļu valoda", 7, 12, "skolotajs9"), ("Sports un veselība", 1, 6, "skolotajs10"),
    ("Sports un veselība", 7, 12, "skolotajs11"), ("Mūzika", 1, 9, "skolotajs12"),
    ("Vizuālā māksla", 1, 9, "skolotajs12"), ("Vēsture", 4, 12, "audzinatajs"),
    ("Sociālās zinības", 4, 12, "audzinatajs"), ("Datorika", 4, 10, "vietnieks"),
    ("Fizika", 8, 12, "skolotajs13"), ("Dizains un tehnoloģijas", 4, 9, "skolotajs13"),
    ("Ķīmija", 8, 12, "skolotajs14"), ("Dabaszinības", 4, 7, "skolotajs14"),
    ("Bioloģija", 7, 12, "skolotajs15"), ("Ģeogrāfija", 7, 10, "skolotajs15"),
)  # fmt: skip


def teacher_of(subject: str, grade: int) -> str:
    """The username teaching ``subject`` in ``grade``."""
    if grade <= 3 and subject in PRIMARY_SUBJECTS:
        return TUTORS[grade]
    for name, first, last, username in TEACHING:
        if name == subject and first <= grade <= last:
            return username
    raise KeyError((subject, grade))


class Instrument(NamedTuple):
    subject: str
    teacher: str
    accompanied: bool  # gets the concertmaster (SPEC K1)
    students: int


INSTRUMENTS = (
    Instrument("Klavierspēle", "skolotajs16", False, 5),
    Instrument("Vijoļspēle", "skolotajs17", True, 4),
    Instrument("Flautas spēle", "skolotajs18", True, 3),
)
# (group name, music-school grade, general-school grade of its pupils)
MUSIC_GROUPS = (("1. grupa", 3, 4), ("2. grupa", 5, 6))
# (theory subject, lessons a week, the groups that have it)
THEORY = (("Solfedžo", 2, ("1. grupa", "2. grupa")), ("Mūzikas literatūra", 1, ("2. grupa",)))

TOPICS: Mapping[str, Mapping[int, str]] = MappingProxyType({
    "Latviešu valoda": {
        1: "Skaņas un burti; Patskaņi un līdzskaņi; Garie un īsie patskaņi; Zilbes un vārda dalīšana; Teikums un tā beigu pieturzīmes; Lielais sākumburts personvārdos; Lietvārds; Darbības vārds; Īpašības vārds; Teksta lasīšana un atstāstīšana",
        2: "Vārdšķiras; Lietvārda deklinācijas; Darbības vārda laiki; Īpašības vārda salīdzināmās pakāpes; Skaitļa vārds; Vietniekvārds; Teikuma priekšmets un izteicējs; Vienlīdzīgi teikuma locekļi; Tiešā runa; Vēstules rakstīšana",
        3: "Teikuma sintakse; Salikts sakārtots teikums; Salikts pakārtots teikums; Palīgteikumu veidi; Divdabja teiciens; Savrupinājumi; Iespraudumi un uzrunas; Tiešā un netiešā runa; Argumentēta eseja; Lietišķie raksti: iesniegums",
        4: "Valodas stili; Publicistikas stils; Zinātniskais stils; Terminoloģija; Valodas kultūra un norma; Interpunkcija saliktos teikumos; Teksta analīze; Argumentācija; Referāta rakstīšana; Publiskā runa",
    },
    "Literatūra": {
        2: "Tautasdziesmas; Tautas pasakas; Teikas; Anna Brigadere «Sprīdītis»; Dzejas valoda: epitets un salīdzinājums; Jānis Jaunsudrabiņš «Baltā grāmata»; Fabula; Stāsts un tā kompozīcija; Lugas uzbūve; Mīklas un sakāmvārdi",
        3: "Literatūras veidi un žanri; Andrejs Pumpurs «Lāčplēsis»; Balāde; Kārlis Skalbe «Kā es braucu Ziemeļmeitas lūkoties»; Rūdolfs Blaumanis «Purva bridējs»; Novele; Imants Ziedonis «Epifānijas»; Rainis «Zelta zirgs»; Dzejas ritms un atskaņas; Literārā darba analīze",
        4: "Romantisms Eiropas literatūrā; Reālisms latviešu literatūrā; Rūdolfs Blaumanis «Indrāni»; Rainis «Uguns un nakts»; Aspazija «Sidraba šķidrauts»; Modernisms; Jāņa Poruka noveles; Eiropas literatūras klasika; Literārā darba interpretācija; Esejas rakstīšana",
    },
    "Matemātika": {
        1: "Skaitļi līdz 20; Saskaitīšana un atņemšana līdz 20; Skaitļi līdz 100; Saskaitīšana ar pāreju pāri desmitam; Reizināšanas tabula; Dalīšana; Garuma mērvienības; Laiks: stundas un minūtes; Ģeometriskās figūras; Teksta uzdevumi",
        2: "Naturālie skaitļi; Dalāmība; Parastās daļas; Daļu saskaitīšana un atņemšana; Decimāldaļas; Procenti; Leņķi un to mērīšana; Taisnstūra laukums; Koordinātu plakne; Teksta uzdevumi ar daļām",
        3: "Racionālie skaitļi; Algebriskas izteiksmes; Lineāri vienādojumi; Lineāras nevienādības; Pakāpes ar naturālu kāpinātāju; Lineārā funkcija; Vienādojumu sistēmas; Pitagora teorēma; Trijstūru vienādības pazīmes; Statistika un varbūtība",
        4: "Kvadrātfunkcija; Kvadrātvienādojumi; Trigonometriskās funkcijas; Trigonometriskie vienādojumi; Logaritmi; Eksponentfunkcija; Virknes un progresijas; Atvasinājums; Vektori; Kombinatorika",
    },
    "Angļu valoda": {
        1: "Greetings and introductions; Colours and numbers; My family; Animals; Food and drinks; At school; Toys; Weather; Body parts; Days of the week",
        2: "Present Simple; Present Continuous; My daily routine; Past Simple: regular verbs; Past Simple: irregular verbs; Countable and uncountable nouns; Comparatives and superlatives; Free time and hobbies; Describing places; Reading: short stories",
        3: "Present Perfect; Past Continuous; Future forms; Modal verbs; First conditional; Passive voice; Environment; Media and technology; Writing an informal letter; Travelling",
        4: "Reported speech; Second and third conditionals; Relative clauses; Wishes and regrets; Work and careers; Global issues; Argumentative essay; Formal letter; Short story analysis; Exam practice: listening",
    },
    "Dabaszinības": {
        1: "Gadalaiki; Augi manā apkārtnē; Mājdzīvnieki un savvaļas dzīvnieki; Laikapstākļi; Ūdens un tā īpašības; Cilvēka ķermenis; Veselīgs uzturs; Materiāli un to īpašības; Dzīvnieku barošanās; Rudens dabā",
        2: "Vielas un to īpašības; Ūdens riņķojums dabā; Augu uzbūve; Fotosintēze; Barības ķēdes; Spēks un kustība; Gaisma un ēna; Skaņa; Elektriskā ķēde; Ekosistēmas",
        3: "Šūnas uzbūve; Mikroskops; Vielu daļiņu uzbūve; Maisījumi un to atdalīšana; Blīvums; Siltuma pārnese; Dzīvo organismu klasifikācija; Zemes uzbūve; Enerģijas veidi; Pētnieciskais darbs",
    },
    "Vēsture": {
        2: "Kas ir vēsture; Vēstures avoti; Laika skala; Senā Ēģipte; Senā Grieķija; Senā Roma; Senās baltu ciltis; Viduslaiku pilis; Rīgas dibināšana; Kultūras mantojums",
        3: "Livonija; Reformācija; Lielie ģeogrāfiskie atklājumi; Kurzemes hercogiste; Zviedru laiki Vidzemē; Apgaismība; Franču revolūcija; Latviešu tautas atmoda; Industriālā revolūcija; Pirmais pasaules karš",
        4: "Latvijas valsts proklamēšana; Brīvības cīņas; Latvija starpkaru periodā; Otrais pasaules karš; Padomju okupācija; Aukstais karš; Trešā atmoda; Baltijas ceļš; Latvijas neatkarības atjaunošana; Latvija Eiropas Savienībā",
    },
    "Sociālās zinības": {
        1: "Es un mana ģimene; Klases noteikumi; Draudzība; Mana skola; Drošs ceļš uz skolu; Profesijas; Latvijas simboli; Svētki ģimenē; Nauda un tās vērtība; Mana dzimtā vieta",
        2: "Cilvēka tiesības un pienākumi; Kopiena; Pašvaldība; Ģimenes budžets; Emocijas un to paušana; Konflikti un to risināšana; Droša uzvedība internetā; Latvijas novadi; Tradīcijas; Brīvprātīgais darbs",
        3: "Demokrātija; Latvijas Republikas Satversme; Saeima un valdība; Tiesu vara; Pilsoniskā līdzdalība; Ekonomikas pamatjēdzieni; Darba tirgus; Mediju pratība; Personīgās finanses; Karjeras izvēle",
        4: "Valsts un sabiedrība; Politiskās partijas; Vēlēšanas; Cilvēktiesības; Tirgus ekonomika; Nodokļi; Uzņēmējdarbība; Globalizācija; Ilgtspējīga attīstība; Starptautiskās organizācijas",
    },
    "Sports un veselība": {
        1: "Ierindas mācība; Skriešana; Kustību rotaļas; Lēkšana; Bumbas spēles; Vingrošana; Stafetes; Mešana ar mazo bumbiņu; Līdzsvara vingrinājumi; Stājas vingrinājumi",
        2: "Skriešana: 60 m; Tāllēkšana; Bumbiņas mešana; Izturības skrējiens; Tautas bumba; Basketbola elementi; Futbola elementi; Vingrošana uz zemes; Koordinācijas vingrinājumi; Veselīgs dzīvesveids",
        3: "Sprints: 60 m; Tāllēkšana ar ieskrējienu; Izturības skrējiens: 1000 m; Volejbols: piespēles; Basketbols: metieni grozā; Florbols; Akrobātika; Fiziskās sagatavotības testi; Orientēšanās; Pirmā palīdzība",
        4: "Fiziskās sagatavotības testi; Volejbols: spēle; Basketbols: taktika; Futbols; Vingrošanas kombinācija; Izturības skrējiens: 2000 m; Fitness; Orientēšanās apvidū; Traumu profilakse; Veselīgs uzturs",
    },
    "Vizuālā māksla": {
        1: "Krāsu aplis; Rudens lapas; Līnija un laukums; Aplikācija; Veidošana no plastilīna; Ornaments; Mana ģimene; Pasaku ilustrācija; Guaša tehnika; Kolāža",
        2: "Siltās un aukstās krāsas; Klusā daba; Perspektīvas pamati; Portrets; Latviešu rakstu zīmes; Ainava akvarelī; Linogriezums; Plakāts; Skulptūra; Mākslas darbu analīze",
        3: "Kompozīcijas likumi; Lineārā perspektīva; Portreta proporcijas; Fotogrāfija; Dizaina pamati; Vilhelms Purvītis; Modernisma māksla; Digitālā grafika; Instalācija; Mākslas darbu analīze",
    },
    "Mūzika": {
        1: "Dziedam tautasdziesmas; Mūzikas instrumenti; Ritma spēles; Skaļi un klusi; Ātri un lēni; Nošu raksts; Dziesmas par rudeni; Kustības un mūzika; Latviešu tautas deja; Klausāmies mūziku",
        2: "Nošu ilgumi; Takts un taktsmērs; Mažors un minors; Latviešu tautas mūzikas instrumenti; Kokle; Dziesmu svētki; Simfoniskais orķestris; Ritma pavadījums; Muzikālā forma; Divbalsīga dziedāšana",
        3: "Mūzikas stili un žanri; Baroka mūzika; V. A. Mocarts; Romantisms mūzikā; Džezs; Populārā mūzika; Emīls Dārziņš; Raimonds Pauls; Filmu mūzika; Mūzika un tehnoloģijas",
    },
    "Datorika": {
        1: "Dators un tā daļas; Drošs darbs ar datoru; Zīmēšanas programma; Teksta rakstīšana; Datnes un mapes; Algoritms ikdienā; Robotu spēles; Paroles un drošība; Meklēšana internetā; Digitālais stāsts",
        2: "Teksta apstrāde; Prezentāciju veidošana; Izklājlapas pamati; Algoritmi un cikli; Programmēšana Scratch vidē; Mainīgie; Informācijas meklēšana; Autortiesības; Droša saziņa tīmeklī; Datu vizualizācija",
        3: "Programmēšana Python valodā; Mainīgie un datu tipi; Zarošanās; Cikli; Funkcijas; Tīmekļa lapa: HTML; Izklājlapu formulas; Datubāzes pamati; Kiberdrošība; Projekta darbs",
        4: "Algoritmu efektivitāte; Saraksti un vārdnīcas; Failu apstrāde; Objektorientētā programmēšana; Datubāzes un SQL; Tīkli un protokoli; Kiberdrošība; Datu analīze; Lietotāja saskarne; Projekta darbs",
    },
    "Dizains un tehnoloģijas": {
        1: "Papīra locīšana; Darbs ar dabas materiāliem; Vienkārša šūšana; Maketa veidošana; Aušana; Dekorēšana; Rotaļlietas izgatavošana; Drošs darbs ar instrumentiem; Apsveikuma kartīte; Darbs ar kartonu",
        2: "Dizaina process; Koka apstrāde; Tekstilmateriāli; Izšūšana; Vienkāršs elektriskais slēgums; Ēdiena gatavošana; Skice un rasējums; Iepakojuma dizains; Adīšana; Produkta prezentācija",
        3: "Dizaina projekts; Tehniskais zīmējums; 3D modelēšana; Materiālu īpašības; Mehānismi; Elektronikas shēmas; Tekstila dizains; Pārtikas tehnoloģijas; Ilgtspējīgs dizains; Projekta aizstāvēšana",
    },
    "Fizika": {
        3: "Fizikālie lielumi un mērīšana; Kustība un ātrums; Spēks un Ņūtona likumi; Spiediens; Arhimēda likums; Darbs un jauda; Enerģija; Siltums; Elektriskā strāva; Oma likums",
        4: "Kinemātika; Vienmērīgi paātrināta kustība; Dinamika; Impulsa nezūdamības likums; Mehāniskā enerģija; Svārstības un viļņi; Molekulārā fizika; Termodinamika; Elektrostatika; Elektromagnētiskā indukcija",
    },
    "Ķīmija": {
        3: "Vielas un to īpašības; Atoma uzbūve; Periodiskā tabula; Ķīmiskās saites; Ķīmiskās reakcijas; Ķīmisko reakciju vienādojumi; Oksīdi; Skābes; Bāzes; Sāļi",
        4: "Vielas daudzums un mols; Šķīdumi un koncentrācija; Elektrolītiskā disociācija; Oksidēšanās-reducēšanās reakcijas; Ķīmiskās reakcijas ātrums; Ķīmiskais līdzsvars; Ogļūdeņraži; Spirti; Karbonskābes; Polimēri",
    },
    "Bioloģija": {
        3: "Bioloģija kā zinātne; Šūna; Vienšūņi; Sēnes; Augu valsts; Bezmugurkaulnieki; Mugurkaulnieki; Cilvēka orgānu sistēmas; Asinsrite; Ekoloģija",
        4: "Šūnas ķīmiskais sastāvs; Olbaltumvielas; DNS un RNS; Šūnas dalīšanās; Ģenētikas pamati; Mendeļa likumi; Evolūcija; Imūnsistēma; Ekosistēmu ilgtspēja; Biotehnoloģijas",
    },
    "Ģeogrāfija": {
        3: "Ģeogrāfiskā karte; Mērogs; Ģeogrāfiskās koordinātas; Zemes reljefs; Klimats un laikapstākļi; Hidrosfēra; Latvijas daba; Iedzīvotāji; Pilsētas; Dabas resursi",
        4: "Pasaules iedzīvotāji; Migrācija; Urbanizācija; Pasaules ekonomika; Lauksaimniecība; Enerģētika; Transports; Klimata pārmaiņas; Dabas katastrofas; Ilgtspējīga attīstība",
    },
    "Klavierspēle": {
        0: "Gammas un akordi: C dur; Arpēģijas; K. Černī. Etīde; J. S. Bahs. Menuets G dur; V. A. Mocarts. Sonatīne; Polifonija: divbalsība; Lasīšana no lapas; Pedalizācija; Latviešu komponista skaņdarbs; Koncerta programmas sagatavošana",
    },
    "Vijoļspēle": {
        0: "Gammas: G dur; Loka tehnika; Pozīciju maiņa; Etīde; Vibrato; A. Vivaldi. Koncerts a moll; Štrihi: detašē un legato; Intonācija; Ansambļa spēle; Koncerta programmas sagatavošana",
    },
    "Flautas spēle": {
        0: "Elpošanas vingrinājumi; Skaņas veidošana; Gammas: F dur; Etīde; Staccato un legato; Ritma precizitāte; J. S. Bahs. Sonāte; Frāzējums; Ansambļa spēle; Koncerta programmas sagatavošana",
    },
    "Solfedžo": {
        0: "Intervāli; Mažora gamma; Minora veidi; Trijskaņi; Ritma diktāts; Melodiskais diktāts; Dziedāšana no lapas; Septakordi; Modulācija; Harmoniskā analīze",
    },
    "Mūzikas literatūra": {
        0: "Mūzikas izteiksmes līdzekļi; Baroka laikmets; J. S. Bahs; Vīnes klasiķi; J. Haidns; V. A. Mocarts; L. van Bēthovens; Romantisms; F. Šopēns; Latviešu mūzikas vēsture",
    },
})  # fmt: skip
# A topic taught over several lessons: the later ones get these endings.
TOPIC_CONTINUATIONS = ("", ". Vingrinājumi", ". Praktiskie uzdevumi", ". Atkārtojums")
NO_HOMEWORK = frozenset(
    {"Sports un veselība", "Vizuālā māksla", "Mūzika", "Dizains un tehnoloģijas"}
)
# Latvian writes ranges with an en dash (spelled as an escape: linters take it for a hyphen).
HOMEWORK = (
    "Uzd. {a}–{b}, {page}. lpp.",
    "Darba burtnīcā {page}. lpp.",
    "Atkārtot tēmu «{topic}»",
    "Darba lapa Nr. {number}",
    "Izlasīt {page}.–{page_to}. lpp.",
    "Sagatavot īsu prezentāciju: «{topic}»",
)
PRACTICE = "Vingrināties katru dienu: {topic}"


def topics(subject: str, grade: int) -> tuple[str, ...]:
    """The topic list of ``subject`` for ``grade`` (0: a music-school subject)."""
    by_stage = TOPICS[subject]
    stage = 0 if grade == 0 else (grade - 1) // 3 + 1
    text = by_stage.get(stage) or by_stage[max(by_stage)]
    return tuple(text.split("; "))


PROGRAMMES = ("Pamatizglītības programma", "Vispārējās vidējās izglītības programma")


class TeacherAbsence(NamedTuple):
    """A day a teacher is away (SPEC J2-J4): the first lessons are not held, a substitute
    teaches the rest, and the missed lessons are made up a week or more later."""

    username: str
    since: date  # the first day on or after this with the teacher's lessons
    reason: str  # domain.lessons.NotHeldReason
    not_held: int
    note: str
    substitutes: tuple[str, ...]  # asked first; then any free teacher


TEACHER_ABSENCES = (
    TeacherAbsence("skolotajs1", date(2026, 9, 14), "sick_leave", 2, "Skolotāja darbnespēja",
                   ("skolotajs6", "vietnieks")),
    TeacherAbsence("skolotajs2", date(2026, 10, 5), "further_education", 1,
                   "Skolotājs tālākizglītības kursos", ("skolotajs7", "vietnieks")),
)  # fmt: skip

# Behaviour journal entries (SPEC J12), as teachers write them.
PRAISE = (
    "Aktīvi strādāja stundā un palīdzēja klasesbiedriem.",
    "Teicami sagatavoja un novadīja prezentāciju.",
    "Pārstāvēja skolu mācību priekšmeta olimpiādē.",
    "Rūpīgi un patstāvīgi izpildīja papilduzdevumu.",
    "Palīdzēja sakārtot kabinetu pēc stundas.",
)
REPROACH = (
    "Traucēja stundu, uz aizrādījumiem nereaģēja.",
    "Trešo reizi pēc kārtas nebija sagatavojis mājas darbu.",
    "Stundas laikā lietoja mobilo tālruni.",
    "Ieradās stundā bez mācību piederumiem.",
    "Nepieklājīgi izturējās pret klasesbiedru.",
)
