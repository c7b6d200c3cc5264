# A OneRoster 1.2 CSV bulk package of a generated academy, no randomness: the eight files and
# their columns exactly as tests/fixtures/oneroster/v1.2/ has them, written into DIR.
#   awk -v students=N -v teachers=T -v classes=C -v dir=DIR -f oneroster.awk
# One school, one course, two terms (the first half of the classes in the autumn term, the rest
# in the spring); every student in one class (classes of about N/C), every teacher the primary
# teacher of one class in each term (the classes split evenly among them); one administrator
# (enrolled nowhere, so rapport skips them). Names from short lists, a preferred given name on
# one student in ten, a middle name on one in seven, an email on all but one in fifty.
function out(file, line) { print line > (dir "/" file) }
BEGIN {
  if (students == "") students = 10000
  if (teachers == "") teachers = 50
  if (classes == "") classes = 100
  half = int((classes + 1) / 2)
  ng = split("Amara Ben Chioma Dario Elif Femi Greta Hiro Ines Jonas Kemi Luca Maya Nikos Oona Pedro Quinn Rosa Sami Tove", given, " ")
  nf = split("Okafor Li Eze Rossi Yilmaz Adeyemi Berg Tanaka Silva Weber Bello Conti Patel Papadakis Virtanen Costa Murphy Garcia Haddad Lund", family, " ")
  nm = split("Ngozi Marie Lee Ann Jo", middle, " ")
  np = split("she/her he/him they/them", pronoun, " ")

  out("manifest.csv", "propertyName,value")
  split("manifest.version=1.0 oneroster.version=1.2 file.academicSessions=bulk file.categories=absent file.classes=bulk file.classResources=absent file.courses=bulk file.courseResources=absent file.demographics=absent file.enrollments=bulk file.lineItemLearningObjectiveIds=absent file.lineItems=absent file.lineItemScoreScales=absent file.orgs=bulk file.resources=absent file.resultLearningObjectiveIds=absent file.results=absent file.resultScoreScales=absent file.roles=bulk file.scoreScales=absent file.userProfiles=absent file.userResources=absent file.users=bulk source.systemName=Gray_Spark_SIS source.systemCode=gssis", props, " ")
  for (i = 1; i in props; i++) { split(props[i], kv, "="); gsub(/_/, " ", kv[2]); out("manifest.csv", kv[1] "," kv[2]) }

  out("orgs.csv", "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId")
  out("orgs.csv", "org-gsaa,,,Gray Spark Audio Academy,school,GSAA,")

  out("academicSessions.csv", "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear")
  out("academicSessions.csv", "term-2026-autumn,,,2026-autumn,term,2026-09-01,2026-12-18,,2027")
  out("academicSessions.csv", "term-2027-spring,,,2027-spring,term,2027-01-11,2027-05-28,,2027")
  term[0] = "term-2026-autumn"; begin[0] = "2026-09-01"; end[0] = "2026-12-18"
  term[1] = "term-2027-spring"; begin[1] = "2027-01-11"; end[1] = "2027-05-28"

  out("courses.csv", "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes")
  out("courses.csv", "course-scss,,,,Studio Culture and Soft Skills,SCSS-101,,org-gsaa,,")

  out("classes.csv", "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods")
  for (c = 1; c <= classes; c++) {
    t = (c > half)
    out("classes.csv", sprintf("class-%03d,,,Studio Culture %03d,,course-scss,SCSS-101-%03d,scheduled,Studio %d,org-gsaa,%s,,,", c, c, c, (c - 1) % 8 + 1, term[t]))
  }

  users = "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns"
  out("users.csv", users)
  out("roles.csv", "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId")
  out("enrollments.csv", "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate")
  e = 0
  for (s = 1; s <= students; s++) {
    id = sprintf("stu-%05d", s)
    g = given[s % ng + 1]; f = family[int(s / ng) % nf + 1]
    user = tolower(g) "." tolower(f) sprintf("%05d", s)
    email = (s % 50 == 0) ? "" : user "@students.gsaa.example"
    mid = (s % 7 == 0) ? middle[s % nm + 1] : ""
    pref = (s % 10 == 0) ? substr(g, 1, 3) : ""
    pro = (s % 3 == 0) ? pronoun[s % np + 1] : ""
    out("users.csv", id ",,,true," user ",{SIS:" sprintf("2026%05d", s) "}," g "," f "," mid "," sprintf("2026%05d", s) "," email ",,,,,,,," pref ",,,org-gsaa," pro)
    out("roles.csv", "role-" id ",,," id ",primary,student,,,org-gsaa,")
    c = int((s - 1) * classes / students) + 1; t = (c > half)
    out("enrollments.csv", sprintf("enr-%06d,,,class-%03d,org-gsaa,%s,student,false,%s,%s", ++e, c, id, begin[t], end[t]))
  }
  for (k = 1; k <= teachers; k++) {
    id = sprintf("tea-%03d", k)
    g = given[(k * 7) % ng + 1]; f = family[(k * 3) % nf + 1]
    user = tolower(g) "." tolower(f) sprintf("%03d", k)
    out("users.csv", id ",,,true," user ",{HR:" (9000 + k) "}," g "," f ",," (9000 + k) "," user "@gsaa.example,,,,,,,,,,,org-gsaa,")
    out("roles.csv", "role-" id ",,," id ",primary,teacher,,,org-gsaa,")
  }
  # each teacher the primary teacher of classes k, k + T, k + 2T, ... (one per term when C = 2T)
  for (c = 1; c <= classes; c++) {
    k = (c - 1) % teachers + 1
    out("enrollments.csv", sprintf("enr-%06d,,,class-%03d,org-gsaa,tea-%03d,teacher,true,,", ++e, c, k))
  }
  out("users.csv", "adm-001,,,true,registrar,{HR:9900},Rita,Moreno,,9900,registrar@gsaa.example,,,,,,,,,,,org-gsaa,")
  out("roles.csv", "role-adm-001,,,adm-001,primary,administrator,,,org-gsaa,")
}
