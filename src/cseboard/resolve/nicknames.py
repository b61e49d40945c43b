"""Names that are the same name: UK nicknames, spelling and transliteration variants.

Each group lists forms that partners use for one given name. A form may sit in several groups
(``Alex`` is short for Alexander and Alexandra; ``Sam`` for Samuel and Samantha). Two first names
are variants of each other when they share a group. The table is deliberately about given names
in use among children and young adults in England; surnames are compared by spelling and sound.
"""

from __future__ import annotations

from functools import cache

__all__ = ["NAME_GROUPS", "SURNAME_GROUPS", "name_groups", "same_name_group", "same_surname_group"]

NAME_GROUPS: tuple[tuple[str, ...], ...] = (
    # girls' names: spellings, Irish and Welsh forms, short forms
    ("kayleigh", "kayley", "kaylee", "kayla", "kaleigh", "kay", "kayleigh-ann", "kayleighann"),
    ("chelsea", "chelsey", "chelsie", "chels"),
    ("jade", "jayde", "jaide"),
    ("chloe", "cloe", "khloe"),
    ("megan", "meghan", "meagan", "meg", "megs"),
    ("zoe", "zoey", "zoie"),
    ("leanne", "lee-ann", "leeann", "leann", "lianne", "leigh-ann"),
    ("keeley", "keely", "keighley", "keeleigh", "keelie"),
    ("niamh", "neve", "neave", "nieve"),
    ("caitlin", "katelyn", "kaitlyn", "caitlyn", "katelin", "kaitlin"),
    ("shannon", "shanon", "shannen"),
    ("lacey", "lacie", "lacy"),
    ("kiera", "keira", "kira", "kyra", "ciara", "kierra"),
    ("tegan", "teagan", "tegan-rose"),
    ("jodie", "jody", "jodi"),
    ("aisha", "ayesha", "aysha", "aishah"),
    ("madison", "maddison", "madisyn", "maddie", "maddy"),
    ("bethany", "bethanie", "beth", "bethan"),
    ("courtney", "kourtney", "cortney"),
    ("tia", "tiah", "tiana"),
    ("chantelle", "shantelle", "chantel", "shantel"),
    ("sophie", "sofie", "sophia", "sofia", "soph"),
    ("lauren", "loren", "lauryn", "laurie"),
    ("natalie", "nathalie", "natalia", "nat", "tally"),
    ("stephanie", "stefanie", "steph", "steff"),
    ("hannah", "hana", "hanna"),
    ("maya", "maia", "mya", "mia"),
    ("jasmine", "jasmin", "yasmin", "yasmine", "jazmin", "jaz", "jazz", "jas"),
    ("fatima", "fatimah", "fatma"),
    ("zara", "zahra", "zarah"),
    ("aimee", "amie", "amy", "aimie"),
    ("paige", "paig", "page"),
    ("demi", "demmi", "demi-leigh", "demi-lee"),
    ("amira", "ameera", "amirah"),
    ("elizabeth", "lizzie", "lizzy", "liz", "beth", "betty", "eliza", "libby", "elisabeth"),
    ("rebecca", "becky", "becca", "bex", "rebekah"),
    ("jessica", "jess", "jessie", "jessy"),
    ("samantha", "sam", "sammy", "sammie"),
    ("victoria", "vicky", "vikki", "tori", "vicki"),
    ("katherine", "catherine", "kathryn", "kate", "katie", "kat", "cathy", "kathy", "katy"),
    ("abigail", "abbie", "abi", "abby", "abbi", "abbey"),
    ("charlotte", "charlie", "lottie", "lotte"),
    ("olivia", "liv", "livvy", "livia"),
    ("danielle", "dani", "daniella", "danni"),
    ("alexandra", "alex", "lexi", "lexie", "alexa", "ali", "sandra"),
    ("eleanor", "ellie", "nell", "elle", "elenor", "elinor"),
    ("gabrielle", "gabby", "gabriella", "gabi"),
    ("jennifer", "jenny", "jen", "jenna"),
    ("amelia", "millie", "mila", "amelie"),
    ("nicole", "nikki", "nicola", "nichola", "nicky", "niki"),
    ("gemma", "gem", "jemma"),
    ("roxanne", "roxy", "roxanna"),
    ("emily", "em", "emmy", "emilie"),
    ("emma", "em", "emmy"),
    ("holly", "hollie", "holli"),
    ("leah", "lea", "lia"),
    ("grace", "gracie"),
    ("lily", "lilly", "lillie", "lili"),
    ("evie", "eve", "eva", "aoife", "evey"),
    ("poppy", "poppie"),
    ("freya", "freyja", "freja"),
    ("alisha", "alicia", "alysha", "elisha", "alissa"),
    ("kelsey", "kelsie", "kelsi"),
    ("shania", "shaniya", "shaniah"),
    ("lacey-mae", "lacey", "laceymae"),
    ("ellie-mae", "ellie", "elliemae", "ellie-may"),
    ("maryam", "mariam", "miriam", "maryum"),
    ("oliwia", "olivia", "oliwka"),
    ("wiktoria", "victoria", "wika"),
    ("siobhan", "shivaun", "chevonne", "shevonne"),
    ("sinead", "shinead", "shanade"),
    ("saoirse", "seersha", "sorcha"),
    ("rachel", "rachael", "rach"),
    ("sarah", "sara", "sally"),
    ("louise", "lou", "louisa", "lulu"),
    ("georgia", "georgie", "georgina"),
    ("isabelle", "isabel", "isabella", "izzy", "issy", "bella"),
    ("josephine", "josie", "jo", "joanne", "joanna"),
    ("kimberley", "kimberly", "kim"),
    ("tamara", "tammy", "tam"),
    ("melissa", "mel", "missy", "lissa"),
    ("destiny", "destinee", "destini"),
    ("precious", "presh"),
    ("summer", "sumer"),
    ("tyra", "tyrah", "tiara"),
    ("amara", "amarah", "amaira"),
    ("ruby", "rubie", "rubi"),
    ("isla", "isler", "islay"),
    # boys' names: spellings, transliterations, Irish forms, short forms
    ("mohammed", "mohammad", "muhammad", "mohamed", "muhammed", "mohamad", "mo", "moe", "mohd"),
    ("callum", "calum", "cal"),
    ("kieran", "kieron", "ciaran", "kyran", "keiran"),
    ("aaron", "aron", "arron", "aaran"),
    ("jamie", "jaime", "jamey", "james", "jim", "jimmy", "jay"),
    ("tyler", "tylor", "tyla", "ty"),
    ("connor", "conor", "conner", "con"),
    ("adil", "adel", "adeel"),
    ("tariq", "tarik", "tarek", "tareq"),
    ("shahid", "shahed", "shaheed"),
    ("ryan", "rian", "ryann"),
    ("lewis", "louis", "lou", "luis"),
    ("reece", "rhys", "reese", "rees", "reiss"),
    ("lee", "leigh"),
    ("stephen", "steven", "steve", "stevie", "stefan"),
    ("kane", "cain", "kaine"),
    ("jakub", "jacob", "jake", "kuba", "jakob"),
    ("dominik", "dominic", "dom", "dominick"),
    ("hassan", "hasan", "hasen"),
    ("zain", "zayn", "zane", "zayne"),
    ("omar", "omer", "umar"),
    ("yusuf", "yousef", "yusef", "yousuf", "youssef", "joseph"),
    ("daniel", "dan", "danny", "dani"),
    ("thomas", "tom", "tommy", "tommie"),
    ("joseph", "joe", "joey", "jo"),
    ("michael", "mike", "mikey", "mick", "micky", "michal"),
    ("christopher", "chris", "kristopher", "christoper"),
    ("matthew", "matt", "matty", "mathew"),
    ("anthony", "tony", "ant", "antony", "anton"),
    ("jonathan", "jon", "jonny", "johnny", "john", "jonathon"),
    ("william", "will", "billy", "bill", "liam", "willie"),
    ("robert", "rob", "bobby", "bob", "robbie"),
    ("nathan", "nate", "nat", "nathaniel"),
    ("bradley", "brad"),
    ("oliver", "olly", "ollie", "oli"),
    ("alexander", "alex", "alfie", "sandy", "xander", "alec"),
    ("samuel", "sam", "sammy"),
    ("benjamin", "ben", "benny"),
    ("joshua", "josh"),
    ("harry", "harrison", "henry", "hal"),
    ("charles", "charlie", "chas", "chaz"),
    ("alfred", "alfie", "alf"),
    ("kacper", "casper", "kasper"),
    ("ali", "aly", "alley"),
    ("bilal", "belal", "billal"),
    ("ibrahim", "ebrahim", "ibraheem", "abraham", "ibby"),
    ("sean", "shaun", "shawn", "shane"),
    ("luke", "lucas", "luka", "lukas"),
    ("declan", "deklan"),
    ("kyle", "kyal"),
    ("dean", "deano"),
    ("darren", "daz", "darran"),
    ("gary", "gaz", "garry"),
    ("jason", "jase", "jayson"),
    ("scott", "scotty"),
    ("harvey", "harv"),
    ("jack", "jak", "jackson"),
    ("kai", "kye", "ky"),
    ("leon", "leyon", "leo"),
    ("marcus", "markus", "marc", "mark"),
    ("jermaine", "germaine", "jermain"),
    ("tyrone", "tyronne", "ty"),
    ("andre", "andrei", "andrew", "andy", "drew"),
    ("imran", "imraan", "emran"),
    ("arif", "aarif", "areef"),
    ("jordan", "jordon", "jordi"),
    ("craig", "kraig"),
    ("wayne", "wain"),
    ("paul", "paulie"),
    ("adam", "adem", "addy"),
    ("abdul", "abdel", "abdullah", "abdallah"),
    ("usman", "osman", "uthman", "othman"),
    ("hamza", "hamzah", "hamsa"),
    ("ahmed", "ahmad", "ahmet", "ahmid"),
    ("mustafa", "mostafa", "mustapha"),
    ("sulaiman", "suleiman", "sulayman", "solomon"),
    ("patrick", "pat", "paddy", "padraig"),
    ("eoin", "owen", "euan", "ewan", "eoghan"),
)

SURNAME_GROUPS: tuple[tuple[str, ...], ...] = (
    # classic British surname variants that neither spelling distance nor sound codes join
    ("haigh", "hague", "haig"),
    ("stewart", "stuart", "steward"),
    ("reid", "read", "reed", "reade"),
    ("schofield", "scholefield", "scofield"),
    ("thompson", "thomson", "tomson", "tompson"),
    ("stevenson", "stephenson"),
    ("mcdonald", "macdonald"),
    ("mckenzie", "mackenzie"),
    ("mcintosh", "macintosh", "mackintosh"),
    ("griffiths", "griffith", "griffin"),
    ("davies", "davis", "davey", "davy"),
    ("mohammed", "mohammad", "muhammad", "mohamed", "mahmood", "mahmud"),
    ("hussain", "hussein", "husain", "hossain"),
    ("chaudhry", "chaudhary", "choudhury", "chowdhury", "choudhry"),
    ("walsh", "welsh", "welch"),
    ("lees", "leese", "lee"),
    ("mellor", "meller"),
    ("philips", "phillips", "philipps"),
    ("obrien", "obryan"),
    ("oneill", "oneil", "oneal", "oneale"),
    ("gray", "grey"),
    ("browne", "brown"),
    ("clarke", "clark"),
    ("greene", "green"),
    ("bennett", "bennet"),
    ("johnson", "jonson", "johnston", "johnstone"),
    ("smith", "smyth", "smythe"),
    ("kowalczyk", "kowalczik"),
)


@cache
def _index() -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for number, group in enumerate(NAME_GROUPS):
        for form in group:
            index.setdefault(form, set()).add(number)
    return {form: frozenset(groups) for form, groups in index.items()}


def name_groups(name: str) -> frozenset[int]:
    """The groups a normalised (lower case) first name belongs to; empty when unknown.

    Examples
    --------
    >>> bool(name_groups("becky") & name_groups("rebecca"))
    True
    >>> name_groups("zzz")
    frozenset()
    """
    return _index().get(name, frozenset())


@cache
def _surname_index() -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for number, group in enumerate(SURNAME_GROUPS):
        for form in group:
            index.setdefault(form, set()).add(number)
    return {form: frozenset(groups) for form, groups in index.items()}


def same_surname_group(a: str, b: str) -> bool:
    """True when two compact lower-case surnames are known variants of one surname.

    Examples
    --------
    >>> same_surname_group("haigh", "hague")
    True
    >>> same_surname_group("hall", "hill")
    False
    """
    index = _surname_index()
    return bool(index.get(a, frozenset()) & index.get(b, frozenset()))


def same_name_group(a: str, b: str) -> bool:
    """True when two normalised first names are variants or short forms of one name.

    Examples
    --------
    >>> same_name_group("mo", "muhammad")
    True
    >>> same_name_group("amy", "holly")
    False
    """
    return bool(name_groups(a) & name_groups(b))
