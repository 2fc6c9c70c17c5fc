{{%AUTOESCAPE context="XML"}}
{{!-- feed.tpl: an Atom 1.0 feed of incidents in one language (page_incidents.c); every link absolute. --}}
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{LANG}}">
<id>{{FEED_ID}}</id>
<title>{{TITLE}}</title>
<subtitle>{{T_feed_subtitle}}</subtitle>
<updated>{{UPDATED}}</updated>
<link rel="self" type="application/atom+xml" href="{{SELF}}"/>
<link rel="alternate" type="text/html" href="{{ALTERNATE}}"/>
<author><name>{{T_site_name}}</name></author>
<generator>{{T_site_name}}</generator>
{{#ENTRY}}<entry>
<id>{{ID}}</id>
<title>{{TITLE}}</title>
<published>{{PUBLISHED}}</published>
<updated>{{UPDATED}}</updated>
<link rel="alternate" type="text/html" href="{{LINK}}"/>
<summary>{{SUMMARY}}</summary>
{{#CONTENT}}<content type="text">{{#UPDATE}}{{STATE}} ({{AT}}): {{BODY}}{{#UPDATE_separator}} | {{/UPDATE_separator}}{{/UPDATE}}</content>{{/CONTENT}}
</entry>
{{/ENTRY}}
</feed>
