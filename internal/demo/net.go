package demo

import (
	"fmt"
	"math/rand/v2"
)

// place is a city with the fields Entra ID puts in LocationDetails.
type place struct {
	city, state string
	lat, lon    float64
}

// country holds the cities used for one ISO 3166 country code and the
// country's UTC offset in November (no daylight saving then).
type country struct {
	code   string
	offset int
	places []place
}

var countries = map[string]*country{
	"DE": {"DE", 1, []place{{"Hamburg", "Hamburg", 53.55, 9.99}, {"Berlin", "Berlin", 52.52, 13.40}, {"München", "Bayern", 48.14, 11.58}, {"Köln", "Nordrhein-Westfalen", 50.94, 6.96}, {"Frankfurt am Main", "Hessen", 50.11, 8.68}, {"Stuttgart", "Baden-Württemberg", 48.78, 9.18}, {"Leipzig", "Sachsen", 51.34, 12.37}}},
	"FR": {"FR", 1, []place{{"Paris", "Ile-de-France", 48.86, 2.35}, {"Lyon", "Auvergne-Rhone-Alpes", 45.76, 4.84}, {"Lille", "Hauts-de-France", 50.63, 3.06}, {"Toulouse", "Occitanie", 43.60, 1.44}, {"Bordeaux", "Nouvelle-Aquitaine", 44.84, -0.58}}},
	"NL": {"NL", 1, []place{{"Amsterdam", "Noord-Holland", 52.37, 4.90}, {"Rotterdam", "Zuid-Holland", 51.92, 4.48}, {"Utrecht", "Utrecht", 52.09, 5.12}, {"Eindhoven", "Noord-Brabant", 51.44, 5.47}}},
	"ES": {"ES", 1, []place{{"Madrid", "Madrid", 40.42, -3.70}, {"Barcelona", "Cataluna", 41.39, 2.17}, {"Valencia", "Comunidad Valenciana", 39.47, -0.38}, {"Sevilla", "Andalucia", 37.39, -5.98}}},
	"IT": {"IT", 1, []place{{"Milano", "Lombardia", 45.46, 9.19}, {"Roma", "Lazio", 41.90, 12.50}, {"Torino", "Piemonte", 45.07, 7.69}, {"Bologna", "Emilia-Romagna", 44.49, 11.34}}},
	"PL": {"PL", 1, []place{{"Warszawa", "Mazowieckie", 52.23, 21.01}, {"Kraków", "Malopolskie", 50.06, 19.94}, {"Poznań", "Wielkopolskie", 52.41, 16.93}, {"Gdańsk", "Pomorskie", 54.35, 18.65}}},
	"AT": {"AT", 1, []place{{"Wien", "Wien", 48.21, 16.37}, {"Graz", "Steiermark", 47.07, 15.44}}},
	"BE": {"BE", 1, []place{{"Brussels", "Brussels", 50.85, 4.35}, {"Antwerpen", "Antwerpen", 51.22, 4.40}}},
	"SE": {"SE", 1, []place{{"Stockholm", "Stockholm", 59.33, 18.07}, {"Göteborg", "Vastra Gotaland", 57.71, 11.97}}},
	"DK": {"DK", 1, []place{{"København", "Hovedstaden", 55.68, 12.57}, {"Aarhus", "Midtjylland", 56.16, 10.20}}},
	"CZ": {"CZ", 1, []place{{"Praha", "Praha", 50.08, 14.44}, {"Brno", "Jihomoravsky kraj", 49.20, 16.61}}},
	"IE": {"IE", 0, []place{{"Dublin", "Dublin", 53.35, -6.26}, {"Cork", "Cork", 51.90, -8.47}}},
	"PT": {"PT", 0, []place{{"Lisboa", "Lisboa", 38.72, -9.14}, {"Porto", "Porto", 41.15, -8.61}}},
	"GB": {"GB", 0, []place{{"London", "England", 51.51, -0.13}, {"Manchester", "England", 53.48, -2.24}}},
	"FI": {"FI", 2, []place{{"Helsinki", "Uusimaa", 60.17, 24.94}}},
	"RO": {"RO", 2, []place{{"Bucharest", "Bucuresti", 44.43, 26.10}}},
	"US": {"US", -5, []place{{"New York", "New York", 40.71, -74.01}, {"Ashburn", "Virginia", 39.04, -77.49}, {"Chicago", "Illinois", 41.88, -87.63}, {"Los Angeles", "California", 34.05, -118.24}, {"Dallas", "Texas", 32.78, -96.80}, {"Mountain View", "California", 37.39, -122.08}}},
	"BR": {"BR", -3, []place{{"Sao Paulo", "Sao Paulo", -23.55, -46.63}, {"Rio de Janeiro", "Rio de Janeiro", -22.91, -43.17}}},
	"VN": {"VN", 7, []place{{"Hanoi", "Ha Noi", 21.03, 105.85}, {"Ho Chi Minh City", "Ho Chi Minh", 10.82, 106.63}}},
	"IN": {"IN", 5, []place{{"Mumbai", "Maharashtra", 19.08, 72.88}, {"New Delhi", "Delhi", 28.61, 77.21}, {"Bengaluru", "Karnataka", 12.97, 77.59}}},
	"ID": {"ID", 7, []place{{"Jakarta", "Jakarta", -6.21, 106.85}, {"Surabaya", "Jawa Timur", -7.25, 112.75}}},
	"RU": {"RU", 3, []place{{"Moscow", "Moscow", 55.76, 37.62}, {"Saint Petersburg", "Saint Petersburg", 59.93, 30.34}}},
	"CN": {"CN", 8, []place{{"Nanchang", "Jiangxi", 28.68, 115.86}, {"Shanghai", "Shanghai", 31.23, 121.47}}},
	"TR": {"TR", 3, []place{{"Istanbul", "Istanbul", 41.01, 28.98}, {"Ankara", "Ankara", 39.93, 32.86}}},
	"MX": {"MX", -6, []place{{"Mexico City", "Ciudad de Mexico", 19.43, -99.13}, {"Guadalajara", "Jalisco", 20.66, -103.35}}},
	"AR": {"AR", -3, []place{{"Buenos Aires", "Buenos Aires", -34.60, -58.38}}},
	"TH": {"TH", 7, []place{{"Bangkok", "Bangkok", 13.76, 100.50}}},
	"UA": {"UA", 2, []place{{"Kyiv", "Kyiv City", 50.45, 30.52}, {"Kharkiv", "Kharkivs'ka Oblast'", 49.99, 36.23}}},
	"ZA": {"ZA", 2, []place{{"Johannesburg", "Gauteng", -26.20, 28.05}, {"Cape Town", "Western Cape", -33.92, 18.42}}},
	"EG": {"EG", 2, []place{{"Cairo", "Cairo Governorate", 30.04, 31.24}}},
	"JP": {"JP", 9, []place{{"Tokyo", "Tokyo", 35.68, 139.69}}},
	"KR": {"KR", 9, []place{{"Seoul", "Seoul", 37.57, 126.98}}},
	"CO": {"CO", -5, []place{{"Bogota", "Bogota D.C.", 4.71, -74.07}}},
	"PH": {"PH", 8, []place{{"Manila", "Metro Manila", 14.60, 120.98}}},
}

// Kinds of network a block belongs to.
const (
	residential = "residential"
	mobile      = "mobile"
	hosting     = "hosting"
)

// netblock is an IPv4 prefix announced by one autonomous system in one
// country. Hosting blocks have a fixed data-centre city.
type netblock struct {
	cc, asn, kind string
	a, b          byte // first two octets
	span          int  // number of /16 networks from a.b
	city          string
}

var netblocks = []netblock{
	{"DE", "3320", residential, 79, 192, 64, ""}, {"DE", "3320", residential, 217, 224, 32, ""},
	{"DE", "3209", residential, 188, 96, 16, ""}, {"DE", "6805", mobile, 176, 0, 16, ""},
	{"FR", "3215", residential, 90, 0, 128, ""}, {"FR", "12322", residential, 88, 160, 32, ""},
	{"FR", "5410", mobile, 176, 128, 64, ""},
	{"NL", "1136", residential, 77, 160, 16, ""}, {"NL", "33915", residential, 84, 24, 8, ""},
	{"ES", "3352", residential, 83, 32, 32, ""}, {"ES", "12479", mobile, 90, 160, 32, ""},
	{"IT", "3269", residential, 79, 0, 64, ""}, {"IT", "30722", mobile, 93, 32, 16, ""},
	{"PL", "5617", residential, 83, 0, 32, ""}, {"PL", "12741", residential, 89, 64, 16, ""},
	{"AT", "8447", residential, 80, 108, 4, ""}, {"BE", "5432", residential, 81, 240, 16, ""},
	{"SE", "3301", residential, 78, 64, 16, ""}, {"DK", "3292", residential, 87, 48, 16, ""},
	{"CZ", "5610", residential, 90, 176, 16, ""}, {"IE", "5466", residential, 86, 40, 8, ""},
	{"PT", "3243", residential, 85, 240, 8, ""}, {"GB", "2856", residential, 86, 128, 64, ""},
	{"FI", "1759", residential, 84, 248, 8, ""}, {"RO", "8708", residential, 86, 120, 8, ""},
	{"US", "7922", residential, 73, 0, 256, ""}, {"US", "7018", mobile, 99, 0, 64, ""},
	{"BR", "28573", residential, 177, 32, 16, ""}, {"BR", "18881", residential, 177, 0, 8, ""},
	{"VN", "7552", residential, 27, 64, 16, ""}, {"IN", "24560", residential, 122, 160, 16, ""},
	{"ID", "7713", residential, 36, 64, 32, ""}, {"RU", "8402", residential, 95, 24, 8, ""},
	{"CN", "4134", residential, 218, 65, 1, ""}, {"TR", "9121", residential, 85, 96, 16, ""},
	{"MX", "8151", residential, 187, 128, 64, ""}, {"AR", "7303", residential, 181, 0, 16, ""},
	{"TH", "23969", residential, 1, 0, 1, ""}, {"UA", "15895", residential, 176, 36, 4, ""},
	{"ZA", "37457", residential, 41, 112, 16, ""}, {"EG", "8452", residential, 41, 32, 16, ""},
	{"JP", "4713", residential, 153, 128, 64, ""}, {"KR", "4766", residential, 211, 36, 8, ""},
	{"CO", "3816", residential, 181, 48, 16, ""}, {"PH", "9299", residential, 112, 198, 16, ""},
	{"NL", "14061", hosting, 188, 166, 1, "Amsterdam"}, {"DE", "14061", hosting, 167, 99, 1, "Frankfurt am Main"},
	{"FR", "16276", hosting, 51, 68, 1, "Roubaix"}, {"DE", "24940", hosting, 88, 198, 1, "Falkenstein"},
	{"NL", "20473", hosting, 45, 32, 1, "Amsterdam"}, {"RO", "9009", hosting, 185, 156, 1, "Bucharest"},
	{"DE", "16509", hosting, 3, 120, 4, "Frankfurt am Main"}, {"US", "16509", hosting, 54, 208, 4, "Ashburn"},
	{"NL", "8075", hosting, 20, 50, 1, "Amsterdam"},
}

var extraPlaces = map[string]place{
	"Roubaix":     {"Roubaix", "Hauts-de-France", 50.69, 3.18},
	"Falkenstein": {"Falkenstein", "Sachsen", 50.48, 12.37},
}

// host is one IPv4 address with its geolocation and network.
type host struct {
	ip    string
	cc    string
	place place
	asn   string
	kind  string
	named string // Entra ID named location (trusted networks only)
}

// allocator hands out addresses that were never handed out before, so that
// attacker, benign and noise addresses can never collide.
type allocator struct {
	r    *rand.Rand
	used map[string]bool
}

func newAllocator(r *rand.Rand) *allocator {
	return &allocator{r: r, used: map[string]bool{}}
}

// fromBlock returns a fresh address of the block, placed in one of its
// country's cities (or its data centre).
func (a *allocator) fromBlock(b netblock) *host {
	for {
		ip := fmt.Sprintf("%d.%d.%d.%d", b.a, int(b.b)+a.r.IntN(b.span), a.r.IntN(256), between(a.r, 1, 254))
		if a.used[ip] {
			continue
		}
		a.used[ip] = true
		return &host{ip: ip, cc: b.cc, place: a.placeOf(b), asn: b.asn, kind: b.kind}
	}
}

func (a *allocator) placeOf(b netblock) place {
	if b.city == "" {
		p := pick(a.r, countries[b.cc].places)
		p.lat += float64(a.r.IntN(100)-50) / 1000
		p.lon += float64(a.r.IntN(100)-50) / 1000
		return p
	}
	if p, ok := extraPlaces[b.city]; ok {
		return p
	}
	for _, p := range countries[b.cc].places {
		if p.city == b.city {
			return p
		}
	}
	panic("demo: no place for " + b.city)
}

// in returns a fresh address of the given kind in country cc, falling back
// to residential when the country has no block of that kind.
func (a *allocator) in(cc, kind string) *host {
	var fits []netblock
	for _, b := range netblocks {
		if b.cc == cc && b.kind == kind {
			fits = append(fits, b)
		}
	}
	if len(fits) == 0 && kind != residential {
		return a.in(cc, residential)
	}
	if len(fits) == 0 {
		panic("demo: no netblock for " + cc)
	}
	return a.fromBlock(pick(a.r, fits))
}

// hostingIn returns a fresh address of a hosting block with the given ASN.
func (a *allocator) hosting(asn string) *host {
	for _, b := range netblocks {
		if b.kind == hosting && b.asn == asn {
			return a.fromBlock(b)
		}
	}
	panic("demo: no hosting block for AS" + asn)
}

// fixed registers a literal address (private ranges, crawlers).
func (a *allocator) fixed(ip, cc, city, asn, kind string) *host {
	if a.used[ip] {
		panic("demo: address reused: " + ip)
	}
	a.used[ip] = true
	p, ok := extraPlaces[city]
	if !ok && countries[cc] != nil {
		p = countries[cc].places[0]
		for _, q := range countries[cc].places {
			if q.city == city {
				p = q
			}
		}
	}
	return &host{ip: ip, cc: cc, place: p, asn: asn, kind: kind}
}

// residentialCountries lists the countries with residential blocks, used for
// rotating proxy pools; europeanCountries those with employees.
var (
	residentialCountries = []string{"DE", "FR", "NL", "ES", "IT", "PL", "AT", "BE", "SE", "DK", "CZ", "IE", "PT", "GB", "FI", "RO", "US", "BR", "VN", "IN", "ID", "RU", "CN", "TR", "MX", "AR", "TH", "UA", "ZA", "EG", "JP", "KR", "CO", "PH"}
	proxyWeights         = []float64{6, 4, 3, 4, 4, 4, 1, 2, 1, 1, 2, 1, 2, 5, 1, 2, 9, 7, 6, 6, 5, 3, 2, 3, 3, 2, 2, 2, 1, 2, 1, 1, 2, 2}
)

// proxy returns a fresh residential address in a country drawn with the
// weights of a typical residential proxy pool.
func (a *allocator) proxy() *host {
	return a.in(residentialCountries[weighted(a.r, proxyWeights)], residential)
}
