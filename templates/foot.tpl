{{%AUTOESCAPE context="HTML"}}
{{!-- foot.tpl: the bottom of every page. --}}
</main>
<footer class="site">
{{#FRESHNESS_NOTE}}<p>{{FRESHNESS}}</p>{{/FRESHNESS_NOTE}}
<p><a href="{{BASE}}/api/v1/realtime-stats">{{T_footer_api}}</a></p>
</footer>
</body>
</html>
