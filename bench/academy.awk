# Scores CSV of a generated academy, in export's layout and row order.
#   awk -v students=N -v sessions=S [-v invalid=1] -f academy.awk
function day(n,   y, m, d, len) {   # 2026-09-01 plus n days
  y = 2026; m = 9; d = 1 + n
  while (1) {
    len = ml[m]; if (m == 2 && y % 4 == 0) len = 29
    if (d <= len) break
    d -= len; m++; if (m > 12) { m = 1; y++ }
  }
  return sprintf("%04d-%02d-%02d", y, m, d)
}
BEGIN {
  split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
  nr = split("artist-communication session-management professional-etiquette collaboration emotional-awareness adaptability", rub, " ")
  crit["artist-communication"] = "listening direction translation disagreement written-follow-up"
  crit["session-management"] = "planning timekeeping momentum recovery wrap"
  crit["professional-etiquette"] = "preparation talkback role-awareness confidentiality handoff"
  crit["collaboration"] = "roles-and-ownership handoffs-and-deadlines leading-and-following conflict contribution-and-listening"
  crit["emotional-awareness"] = "reading-signals self-regulation confidence conflict reflection"
  crit["adaptability"] = "genre-workflow reading-the-artist last-minute-changes protecting-the-work staying-open"
  title["artist-communication"] = "Artist communication"; kind["artist-communication"] = "live"
  title["session-management"] = "Running the session"; kind["session-management"] = "live"
  title["professional-etiquette"] = "Etiquette walk-through"; kind["professional-etiquette"] = "etiquette"
  title["collaboration"] = "Team project"; kind["collaboration"] = "team"
  title["emotional-awareness"] = "Mentorship check-in"; kind["emotional-awareness"] = "mentorship"
  title["adaptability"] = "Genre switch"; kind["adaptability"] = "other"
  nn = split("Clear direction between takes|\"Calm, specific and kind\"|Kept the session moving|\"Said \"\"one more\"\" without a reason\"|'-3 dB on the talkback helped|Needs to confirm the plan in writing", note, "|")
  print "session,date,student,rater,role,rubric,criterion,level,note,comment,session_title,session_kind"
  for (k = 1; k <= sessions; k++) {
    r = rub[(k - 1) % nr + 1]; nc = split(crit[r], cs, " ")
    sid = sprintf("s%03d", k); date = day(3 * (k - 1))
    stitle = sprintf("Week %d: %s", int((k - 1) / 3) + 1, title[r])
    self = (k % 10 == 0)
    for (s = 1; s <= students; s++) {
      st = sprintf("st%05d", s)
      rater = self ? st : sprintf("in%02d", (s + k) % 12 + 1)
      role = self ? "self" : "instructor"
      h = (s * 2654435761 + k * 40503) % 1000003
      comment = (h % 5 == 0) ? "Good session overall" : ""
      ability = (s * 7919) % 3 - 1                     # -1, 0 or 1 for the whole term
      for (c = 1; c <= nc; c++) {
        g = (h + c * 9973) % 1000003
        lv = 1 + int(2.5 * (k - 1) / (sessions > 1 ? sessions - 1 : 1) + 0.5) + ability
        if (g % 5 == 0) lv--; else if (g % 7 == 0) lv++
        if (lv < 1) lv = 1; if (lv > 4) lv = 4
        nt = (g % 8 == 0) ? note[g % nn + 1] : ""
        if (invalid) {                                  # every row wrong, in one of four ways
          if (g % 4 == 0) lv = 9
          else if (g % 4 == 1) st = sprintf("xx%03d", s % 1000)
          else if (g % 4 == 2) lv = ""
          else lv = "brilliant"
        }
        print sid "," date "," st "," rater "," role "," r "," cs[c] "," lv "," nt "," comment "," stitle "," kind[r]
        if (invalid) st = sprintf("st%05d", s)
      }
    }
  }
}
