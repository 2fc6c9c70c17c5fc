// tmpl.cc: the one C++ file: an extern "C" bridge to ctemplate's cache and dictionaries.
#include "tmpl.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>

using ctemplate::TemplateDictionary;

// A C handle is the dictionary itself.
static TemplateDictionary *
dict(struct tmpl_dict *d)
{
	return reinterpret_cast<TemplateDictionary *>(d);
}

static struct tmpl_dict *
handle(TemplateDictionary *d)
{
	return reinterpret_cast<struct tmpl_dict *>(d);
}

// The C handle of a cache is the cache itself.
static ctemplate::TemplateCache *
cache(struct tmpl_cache *c)
{
	return reinterpret_cast<ctemplate::TemplateCache *>(c);
}

// The cache tmpl_expand reads.
static ctemplate::TemplateCache *in_use;

extern "C" struct tmpl_cache *
tmpl_cache_new(void)
{
	try {
		return reinterpret_cast<struct tmpl_cache *>(
		    new ctemplate::TemplateCache());
	} catch (const std::bad_alloc &) {
		return nullptr;
	}
}

extern "C" int
tmpl_cache_add(struct tmpl_cache *c, const char *name, const char *text,
               size_t len)
{
	// Parses the text now: false for a syntax error or a taken name.
	return cache(c)->StringToTemplateCache(
	           name, ctemplate::TemplateString(text, len),
	           ctemplate::STRIP_WHITESPACE)
	           ? 0
	           : -1;
}

extern "C" void
tmpl_cache_freeze(struct tmpl_cache *c)
{
	cache(c)->Freeze();
}

extern "C" void
tmpl_cache_use(struct tmpl_cache *c)
{
	in_use = cache(c);
}

extern "C" void
tmpl_cache_free(struct tmpl_cache *c)
{
	if (cache(c) == in_use)
		in_use = nullptr;
	delete cache(c);
}

extern "C" struct tmpl_dict *
tmpl_dict_new(void)
{
	return handle(new TemplateDictionary("page"));
}

extern "C" void
tmpl_dict_free(struct tmpl_dict *d)
{
	delete dict(d);
}

extern "C" void
tmpl_set(struct tmpl_dict *d, const char *name, const char *value)
{
	dict(d)->SetValue(name, value ? value : "");
}

extern "C" void
tmpl_set_int(struct tmpl_dict *d, const char *name, int64_t value)
{
	dict(d)->SetIntValue(name, static_cast<long>(value));
}

extern "C" void
tmpl_show_section(struct tmpl_dict *d, const char *name)
{
	dict(d)->ShowSection(name);
}

extern "C" struct tmpl_dict *
tmpl_add_section(struct tmpl_dict *d, const char *name)
{
	return handle(dict(d)->AddSectionDictionary(name));
}

extern "C" struct tmpl_dict *
tmpl_add_include(struct tmpl_dict *d, const char *name, const char *file)
{
	TemplateDictionary *sub = dict(d)->AddIncludeDictionary(name);
	sub->SetFilename(file);
	return handle(sub);
}

extern "C" char *
tmpl_expand(const char *name, const struct tmpl_dict *d, size_t *len)
{
	std::string out;

	try {
		// Frozen caches expand from memory only, never from disk.
		if (in_use == nullptr ||
		    !in_use->ExpandNoLoad(
		        name, ctemplate::STRIP_WHITESPACE,
		        reinterpret_cast<const TemplateDictionary *>(d),
		        nullptr, &out))
			return nullptr;
	} catch (const std::bad_alloc &) {
		return nullptr;
	}
	char *p = static_cast<char *>(std::malloc(out.size() + 1));
	if (p == nullptr)
		return nullptr;
	std::memcpy(p, out.data(), out.size());
	p[out.size()] = '\0';
	if (len != nullptr)
		*len = out.size();
	return p;
}
