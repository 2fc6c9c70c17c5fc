{{%AUTOESCAPE context="HTML"}}
{{!-- foot.tpl: the bottom of every page. --}}
</main>
<footer class="site">
<p>{{FRESHNESS}}</p>
<p><a href="{{BASE}}/api/v1/realtime-stats">{{T_footer_api}}</a></p>
</footer>
</body>
</html>
