"""Month names, shared by every stage that reads or writes dates."""

from __future__ import annotations

ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")

# Month names and abbreviations as reference lists write them, in English, French, German, Spanish, Italian,
# Portuguese and Serbo-Croatian: "(2014, décembre)", "(2019, März)", "Accessed 3 ottobre 2021".
NAMES_BY_MONTH = (
    "january jan janvier janv januar jänner enero ene gennaio janeiro",
    "february feb février févr fevrier februar febrero febbraio fevereiro",
    "march mar mars märz marz marzo março mart",
    "april apr avril avr abril abr aprile",
    "may mai mayo maggio maio maj",
    "june jun juin juni junio giugno junho",
    "july jul juillet juil juli julio luglio julho",
    "august aug août aout agosto avgust",
    "september sep sept septembre septiembre setiembre settembre setembro septembar",
    "october oct octobre oktober okt octubre ottobre outubro oktobar",
    "november nov novembre noviembre novembro novembar",
    "december dec décembre déc decembre dezember dez diciembre dic dicembre dezembro decembar",
)
# Lower-case name or abbreviation -> month number.
MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(NAMES_BY_MONTH, start=1) for name in names.split()
}
