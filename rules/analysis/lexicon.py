"""Word lists shared by several rules and by the tokenizer set-up. The lists only propose
candidates; the rules confirm them with spaCy's tags, parse and entities."""

from __future__ import annotations

import re

#: Courtesy and military titles abbreviated before a name (AP), with the word spelled out.
TITLES: dict[str, str] = {
    "Sen.": "senator", "Sens.": "senators", "Rep.": "representative", "Reps.": "representatives",
    "Gov.": "governor", "Govs.": "governors", "Lt. Gov.": "lieutenant governor", "Dr.": "doctor",
    "Atty. Gen.": "attorney general", "Supt.": "superintendent", "Prof.": "professor",
    "Rev.": "reverend", "Msgr.": "monsignor", "Fr.": "father", "Gen.": "general",
    "Gens.": "generals", "Lt. Gen.": "lieutenant general", "Maj. Gen.": "major general",
    "Brig. Gen.": "brigadier general", "Col.": "colonel", "Lt. Col.": "lieutenant colonel",
    "Maj.": "major", "Capt.": "captain", "Lt.": "lieutenant", "1st Lt.": "first lieutenant",
    "2nd Lt.": "second lieutenant", "Sgt.": "sergeant", "Staff Sgt.": "staff sergeant",
    "Sgt. Maj.": "sergeant major", "Master Sgt.": "master sergeant", "1st Sgt.": "first sergeant",
    "Cpl.": "corporal", "Lance Cpl.": "lance corporal", "Pvt.": "private", "Pfc.": "private first class",
    "Spc.": "specialist", "Adm.": "admiral", "Rear Adm.": "rear admiral", "Vice Adm.": "vice admiral",
    "Cmdr.": "commander", "Lt. Cmdr.": "lieutenant commander", "Cdr.": "commander", "Ens.": "ensign",
    "Mr.": "Mr.", "Mrs.": "Mrs.", "Ms.": "Ms.",
}

#: Longest first, so "Lt. Col." wins over "Col." and "Brig. Gen." over "Gen.".
TITLE_PATTERN = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))

#: Verbs of saying in attributions ("said Sen. Ted Cruz", "Cruz told reporters").
SPEECH_VERBS = frozenset(
    "say says said tell tells told add adds added ask asks asked write writes wrote note notes noted "
    "explain explains explained state states stated claim claims claimed argue argues argued insist "
    "insists insisted warn warns warned declare declares declared announce announces announced "
    "report reports reported continue continues continued reply replies replied respond responds "
    "responded acknowledge acknowledges acknowledged admit admits admitted concede concedes conceded "
    "reveal reveals revealed suggest suggests suggested predict predicts predicted forecast forecasts tweet tweets tweeted "
    "recall recalls recalled contend contends contended assert asserts asserted "
    "confirm confirms confirmed deny denies denied comment comments commented stress stresses stressed "
    "emphasize emphasizes emphasized maintain maintains maintained observe observes observed "
    "remark remarks remarked mention mentions mentioned testify testifies testified "
    "allege alleges alleged complain complains complained boast boasts boasted".split()
)

#: More verbs of saying, by lemma with the past form ("accuse": "accused"), as PARC and PolNeAR
#: count them: speech acts that judge what they report ("accused him of lying", "blasted the deal
#: as a sellout") and manners of saying ("quipped", "shouted"). Cheap text tests take only the past
#: form, which is seldom a noun ("questions", "quotes" and "posts" mostly are).
MORE_SPEECH_VERBS: dict[str, str] = dict(pair.split(":") for pair in (
    "accuse:accused criticize:criticized criticise:criticised praise:praised blast:blasted slam:slammed "
    "mock:mocked denounce:denounced decry:decried lament:lamented tout:touted reiterate:reiterated "
    "echo:echoed caution:cautioned hint:hinted joke:joked quip:quipped muse:mused recount:recounted "
    "proclaim:proclaimed plead:pleaded interject:interjected assure:assured remind:reminded "
    "reaffirm:reaffirmed disclose:disclosed clarify:clarified rebut:rebutted question:questioned "
    "dismiss:dismissed blame:blamed shout:shouted yell:yelled retort:retorted opine:opined "
    "lambaste:lambasted lambast:lambasted chide:chided deride:derided rail:railed bemoan:bemoaned brag:bragged "
    "vouch:vouched allude:alluded quote:quoted retweet:retweeted post:posted"
).split())

#: Verbs of cognition that attribute a belief to a source ("analysts suspect", "it is believed").
COGNITION_VERBS = frozenset(
    "believe believes believed think thinks thought expect expects expected suspect suspects suspected "
    "fear fears feared hope hopes hoped doubt doubts doubted estimate estimates estimated project projects projected assume assumes "
    "assumed reckon reckons reckoned feel feels felt worry worries worried conclude concludes concluded "
    "consider considers considered speculate speculates speculated surmise surmises surmised".split()
)

#: Verbs that attribute a demand or a promise ("called for a vote", "vowed to repeal").
DIRECTIVE_VERBS = frozenset(
    "vow vows vowed pledge pledges pledged promise promises promised urge urges urged demand demands "
    "demanded cite cites cited indicate indicates indicated".split()
)

#: Verbs that attribute a finding to evidence ("documents show", "the study found that").
EVIDENCE_VERBS = frozenset("show shows showed find finds found".split())

#: Lemmas of verbs that attribute a stance, a wish, a plan or an act to a source rather than words
#: or a belief ("Clinton wants a recount", "the union endorsed Sanders", "he declined to comment").
#: PARC and PolNeAR count them as attribution cues when a source does them; the attribution rules
#: do not treat them as a source for a claim.
STANCE_VERBS = frozenset(
    "want plan seek intend aim hope wish prefer like love support oppose endorse back favor favour "
    "champion advocate embrace welcome applaud hail credit thank congratulate condemn reject defend "
    "attack agree disagree refuse decline offer propose threaten push press demand request order "
    "encourage vote nominate appoint name identify highlight express voice discuss talk speak refer "
    "reference respond react see view regard deem know realize recognize remember understand learn "
    "wonder imagine envision anticipate foresee contemplate mull fear charge label dub liken portray "
    "characterize compare issue release publish share detail outline list disavow dispute contradict "
    "counter rebuff veto approve promote acquiesce balk brush coin distance dwell forecast herald imply "
    "interpret posit preach pronounce relish repudiate resist revere revile savage shrug side signal "
    "single spar strive trumpet answer apologize attribute calculate care circulate debate ignore "
    "invoke knock lay negotiate persuade pivot position pressure prohibit project recommend renew "
    "repeat rule spot utter weigh chant email focus decide challenge accept underscore convince assail "
    "present determine".split()
)

#: Nouns that attribute a stance, a plan or words to their possessor ("her plan to…", "Trump's
#: attacks on Clinton", "his call for a ban"), as PolNeAR marks them.
STANCE_NOUNS = frozenset(
    "attack criticism promise opposition concern endorsement desire embrace pledge vow assessment "
    "goal warning insistence explanation rejection demand fear account complaint praise intention "
    "assertion portrayal reply denial admission acknowledgment acknowledgement prediction objection claim "
    "call suggestion refusal argument support decision disagreement".split()
)

#: Adjectives that report a state of mind after "be" ("Republicans were concerned about…", "he is
#: confident that…", "Trump was quick to add…"), as PolNeAR marks them.
STANCE_ADJECTIVES = frozenset(
    "confident concerned worried sure certain convinced aware eager willing reluctant keen quick "
    "adamant skeptical sceptical optimistic pessimistic hopeful angry upset frustrated "
    "nervous wary afraid fearful proud happy glad pleased disappointed critical supportive opposed "
    "open unwilling unsure uncertain intent insistent firm clear unaware unhappy furious "
    "outraged comfortable uncomfortable enthusiastic excited interested satisfied dissatisfied "
    "confused unconvinced".split()
)

#: Lemmas of verbs that report an impression with no one to hold it ("the crowd seemed restless").
IMPRESSION_VERBS = frozenset("seem appear".split())

#: Attribution verbs that colour what they report (MOS:SAID), with the neutral form by tense.
LOADED_VERBS = frozenset("claim admit insist concede reveal point".split())

#: Lower-case particles inside names ("Rep. de la Cruz", "Gen. al-Bashir").
NAME_PARTICLES = frozenset("de del della der di da das dos du la le van von ter ten al el bin ibn ben abu st.".split())

#: Words that open a hyphenated compound ("anti- war" is "anti-war"), and the heads that close one
#: ("us -led" is "us-led"): where a spaced hyphen surely joins a compound rather than standing for a
#: dash between two words ("allies- Saudi Arabia").
COMPOUND_PREFIXES = frozenset(
    "anti pro non ex post pre co self semi multi mid inter intra counter over under cross neo pseudo "
    "quasi ultra well half all re sub super trans vice".split()
)
COMPOUND_HEADS = frozenset(
    "led backed based linked born run owned held made controlled funded allied aligned affiliated "
    "friendly leaning style era type like wide old year month day long term level scale party "
    "sponsored supported armed majority minority speaking dominated".split()
)

#: Head words of a source that is a text or a recording rather than anyone speaking ("the emails
#: show", "a Pentagon report said").
DOCUMENT_WORDS = frozenset(
    "statement report study poll survey document documents record records data filing filings email emails "
    "memo letter video footage recording transcript analysis figures release photos images research book".split()
)

#: Nouns that stand for a person by what they do: a story that brings in "a bank spokesman" or "the
#: minister" has given a later "he said" someone to refer to, though it never names him.
ROLE_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson minister official source diplomat aide chairman chairwoman "
    "president director executive analyst economist strategist trader dealer banker broker secretary "
    "governor manager officer chief lawyer attorney judge commissioner ambassador envoy mayor "
    "senator congressman congresswoman representative leader coach captain player striker midfielder "
    "defender goalkeeper boss owner founder partner adviser advisor consultant expert professor "
    "researcher scientist doctor surgeon witness resident farmer worker employee negotiator delegate "
    "mediator prosecutor investigator inspector commander colonel sergeant soldier policeman "
    "man woman singer actor actress star director producer writer author editor chancellor premier "
    "vice-president king queen prince princess sheikh cleric priest bishop archbishop cardinal pope imam rabbi".split()
)

#: Groups whose plural is the market's own voice on a business story ("analysts said", "dealers
#: expect the dollar to ease", "experts fear a slowdown"): Reuters and the BBC take them as a source.
MARKET_VOICES = frozenset("analyst analysts economist economists trader traders dealer dealers banker bankers "
                          "broker brokers strategist strategists expert experts observer observers forecaster "
                          "forecasters".split())
