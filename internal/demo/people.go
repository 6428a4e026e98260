package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// namesByCountry holds given and family names per employee country.
var namesByCountry = map[string][2][]string{
	"DE": {{"Lukas", "Anna", "Jonas", "Lea", "Felix", "Laura", "Maximilian", "Sophie", "Tobias", "Julia", "Jan", "Katrin", "Stefan", "Sabine", "Jürgen", "Petra", "Niklas", "Hannah", "Florian", "Miriam"},
		{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Braun", "Krüger", "Hartmann", "Lange"}},
	"FR": {{"Camille", "Louis", "Chloé", "Hugo", "Manon", "Lucas", "Léa", "Thomas", "Inès", "Nicolas", "Julie", "Antoine", "Claire", "Mathieu", "Élodie"},
		{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia"}},
	"NL": {{"Daan", "Emma", "Sem", "Julia", "Lars", "Sanne", "Bram", "Fleur", "Ruben", "Lotte", "Thijs", "Iris"},
		{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos"}},
	"ES": {{"Hugo", "Lucía", "Pablo", "María", "Alejandro", "Paula", "Daniel", "Carmen", "Javier", "Sofía", "Diego", "Elena"},
		{"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz", "Moreno"}},
	"IT": {{"Francesco", "Giulia", "Alessandro", "Chiara", "Lorenzo", "Sara", "Matteo", "Martina", "Andrea", "Federica", "Marco", "Elisa"},
		{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo"}},
	"PL": {{"Jakub", "Zuzanna", "Kacper", "Julia", "Szymon", "Maja", "Piotr", "Agnieszka", "Tomasz", "Katarzyna", "Michał", "Magdalena"},
		{"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski"}},
	"SE": {{"Erik", "Elsa", "Oskar", "Maja", "Lucas", "Astrid", "Anders", "Karin"}, {"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson"}},
	"IE": {{"Conor", "Aoife", "Seán", "Niamh", "Ciarán", "Siobhán", "Liam", "Róisín"}, {"Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Brien", "Doyle"}},
	"PT": {{"João", "Beatriz", "Rodrigo", "Mariana", "Tiago", "Inês", "Rui", "Ana"}, {"Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins"}},
	"AT": {{"Paul", "Anna", "David", "Lena", "Simon", "Marie", "Lukas", "Johanna"}, {"Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser", "Mayer"}},
	"BE": {{"Arthur", "Olivia", "Noah", "Louise", "Jules", "Mila", "Wout", "Elise"}, {"Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens"}},
	"DK": {{"William", "Ida", "Noah", "Freja", "Mads", "Sofie", "Rasmus", "Mette"}, {"Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen"}},
	"CZ": {{"Jakub", "Tereza", "Jan", "Eliška", "Tomáš", "Anna", "Petr", "Lucie"}, {"Novák", "Svoboda", "Novotný", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý"}},
}

// employeeCountries and their weights: a retailer headquartered in Hamburg
// with offices in Paris, Amsterdam, Madrid and Warsaw.
var (
	employeeCountries = []string{"DE", "FR", "NL", "ES", "IT", "PL", "SE", "IE", "PT", "AT", "BE", "DK", "CZ"}
	employeeWeights   = []float64{38, 14, 9, 10, 7, 9, 2, 2, 2, 3, 2, 1, 1}
)

// person is a directory account of the tenant.
type person struct {
	upn, display, id string
	cc               string
	office           *office // nil for remote workers
	home, phone      *host
	laptop, handset  *agent
	deviceID, device string
	vpn              bool    // works through the corporate VPN when away from an office
	typo             float64 // probability of mistyping a password at a sign-in
	mfaPerSignin     float64 // probability a sign-in from a trusted network still asks for MFA
	disabled         bool    // left the company; old devices still try
	admin            bool    // has an sshd account on the shop servers
	unix             string  // sshd user name when admin
}

// office is a site with a corporate NAT egress address.
type office struct {
	city string
	cc   string
	nat  []*host
}

// fold maps a display name to the ASCII form used in user principal names.
var fold = strings.NewReplacer(
	"ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue",
	"é", "e", "è", "e", "ê", "e", "É", "E", "à", "a", "á", "a", "í", "i", "ó", "o", "ú", "u", "ñ", "n",
	"ç", "c", "ã", "a", "ą", "a", "ę", "e", "ł", "l", "ń", "n", "ś", "s", "ź", "z", "ż", "z", "ć", "c",
	"ø", "o", "å", "a", "č", "c", "ř", "r", "š", "s", "ž", "z", "ý", "y", "ě", "e", "Č", "C", "Ś", "S",
	"' ", "", "'", "", " ", "",
)

// upnFor returns first.last@domain in lower-case ASCII.
func upnFor(given, family, domain string) string {
	return strings.ToLower(fold.Replace(given) + "." + fold.Replace(family) + "@" + domain)
}

// newName draws a given and family name typical of country cc.
func newName(r *rand.Rand, cc string) (string, string) {
	n, ok := namesByCountry[cc]
	if !ok {
		n = namesByCountry["DE"]
	}
	return pick(r, n[0]), pick(r, n[1])
}

// uniqueUPN returns an unused UPN for the name, adding a digit on collision.
func uniqueUPN(taken map[string]bool, given, family, domain string) string {
	upn := upnFor(given, family, domain)
	for i := 2; taken[upn]; i++ {
		upn = upnFor(given, fmt.Sprint(family, i), domain)
	}
	taken[upn] = true
	return upn
}

// newPerson draws one employee.
func (w *world) newPerson(r *rand.Rand, i int) *person {
	cc := employeeCountries[weighted(r, employeeWeights)]
	given, family := newName(r, cc)
	p := &person{
		upn:     uniqueUPN(w.upns, given, family, w.domain),
		display: given + " " + family,
		id:      newUUID(r),
		cc:      cc,
		office:  w.officeIn(cc, r),
		home:    w.alloc.in(cc, residential),
		phone:   w.alloc.in(cc, mobile),
		laptop:  pick(r, laptopAgents),
		handset: pick(r, phoneAgents),
		vpn:     chance(r, 0.6),
		typo:    0.02 + 0.08*r.Float64()*r.Float64(),
	}
	p.mfaPerSignin = 0.05 + 0.1*r.Float64()
	p.deviceID = newUUID(r)
	p.device = fmt.Sprintf("CR-%s-%05d", pick(r, []string{"LT", "LT", "LT", "WS"}), 10000+i)
	return p
}

// officeIn returns the office of country cc for most of its employees, or
// nil for remote workers.
func (w *world) officeIn(cc string, r *rand.Rand) *office {
	for _, o := range w.offices {
		if o.cc == cc && chance(r, 0.8) {
			return o
		}
	}
	return nil
}

// customer is a shop customer; their e-mail is the shop's login name and is
// ground truth only (the access log does not show it).
type customer struct {
	email string
	cc    string
	agent string
}

var mailDomains = map[string][]string{
	"DE": {"gmx.de", "web.de", "t-online.de", "gmail.com"}, "FR": {"orange.fr", "free.fr", "gmail.com", "laposte.net"},
	"NL": {"ziggo.nl", "kpnmail.nl", "gmail.com"}, "ES": {"gmail.com", "hotmail.es", "telefonica.net"},
	"IT": {"libero.it", "gmail.com", "virgilio.it"}, "PL": {"wp.pl", "onet.pl", "gmail.com"},
}

// newCustomer draws one shop customer.
func newCustomer(r *rand.Rand) customer {
	cc := pick(r, []string{"DE", "DE", "DE", "FR", "FR", "NL", "ES", "IT", "PL", "AT", "BE"})
	given, family := newName(r, cc)
	doms, ok := mailDomains[cc]
	if !ok {
		doms = []string{"gmail.com", "outlook.com"}
	}
	local := strings.ToLower(fold.Replace(given) + pick(r, []string{".", "_", ""}) + fold.Replace(family))
	if chance(r, 0.5) {
		local += fmt.Sprint(between(r, 60, 99))
	}
	return customer{email: local + "@" + pick(r, doms), cc: cc, agent: pick(r, shopAgents)}
}

// leakedList returns n addresses at the tenant domain as found in a combo
// list: a share `existing` of real directory accounts (including disabled
// ones), the rest names that do not exist in the tenant.
func (w *world) leakedList(r *rand.Rand, n int, existing float64) []string {
	out := make([]string, 0, n)
	seen := map[string]bool{}
	real := shuffled(r, w.people)
	for _, p := range real {
		if len(out) >= int(float64(n)*existing) {
			break
		}
		out = append(out, p.upn)
		seen[p.upn] = true
	}
	for len(out) < n {
		name := w.ghostName(r)
		if !seen[name] && !w.upns[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return shuffled(r, out)
}

var roleMailboxes = []string{"info", "hr", "jobs", "press", "marketing", "sales", "support", "it", "helpdesk", "finance", "accounting", "office", "admin", "webshop", "service", "einkauf", "vertrieb", "buchhaltung", "personal", "kontakt"}

// ghostName returns an address at the tenant domain that may not exist:
// former employees, guessed role mailboxes and initial-style variants.
func (w *world) ghostName(r *rand.Rand) string {
	given, family := newName(r, employeeCountries[weighted(r, employeeWeights)])
	g, f := strings.ToLower(fold.Replace(given)), strings.ToLower(fold.Replace(family))
	switch r.IntN(5) {
	case 0:
		return pick(r, roleMailboxes) + fmt.Sprint(between(r, 1, 3)) + "@" + w.domain
	case 1:
		return g[:1] + "." + f + "@" + w.domain
	case 2:
		return g + f + "@" + w.domain
	default:
		return g + "." + f + "@" + w.domain
	}
}
